/// A row of `subscription_changes.csv`: a plan, price or term change of one customer.
public struct SubscriptionChange: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case upgrade, downgrade, renewal
        case priceIncrease = "price_increase"
        case cancellation
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var changedAt: Int64
    public var kind: Kind
    public var fromPlan: CustomerHistory.Plan?
    public var toPlan: CustomerHistory.Plan?
    public var mrrBefore: Double?
    public var mrrAfter: Double?
    /// The term end after the change; nil when the change left it as it was.
    public var contractEnd: CalendarDay?

    public init(
        changedAt: Int64, kind: Kind, fromPlan: CustomerHistory.Plan? = nil, toPlan: CustomerHistory.Plan? = nil,
        mrrBefore: Double? = nil, mrrAfter: Double? = nil, contractEnd: CalendarDay? = nil
    ) {
        self.changedAt = changedAt
        self.kind = kind
        self.fromPlan = fromPlan
        self.toPlan = toPlan
        self.mrrBefore = mrrBefore
        self.mrrAfter = mrrAfter
        self.contractEnd = contractEnd
    }

    public var day: CalendarDay { CalendarDay(daysSinceEpoch: Int(RawTimestamp.day(ofSeconds: changedAt))) }
}
