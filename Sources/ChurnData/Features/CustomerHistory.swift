/// Everything known about one customer, the input of ``PointInTimeFeatures``.
///
/// The offline builder assembles it from ``CustomerTables``; an online feature store can assemble it
/// from its own storage. It holds the whole history, past and future: the snapshot functions, not
/// the caller, decide what was known at a given day, so the same history can be snapshotted at many
/// dates. The initialiser orders every event list by time (ties keep their given order) and merges
/// duplicate engagement days, so callers may pass events in any order.
public struct CustomerHistory: Sendable, Equatable {
    public var customerID: String
    public var signupDay: CalendarDay
    /// The plan at signup; later plans are replayed from ``subscriptionChanges``.
    public var plan: Plan
    public var segment: Segment
    /// ISO 3166 alpha-2, when known.
    public var country: String?
    public var contractType: ContractType
    /// Monthly recurring revenue at signup, USD; later values are replayed from ``subscriptionChanges``.
    public var signupMRR: Double
    public private(set) var subscriptionChanges: [SubscriptionChange]
    public private(set) var payments: [Payment]
    public private(set) var engagement: [EngagementDay]
    public private(set) var tickets: [SupportTicket]
    /// The day of the customer's (first) churn event, if any.
    public var churnDay: CalendarDay?

    public init(
        customerID: String, signupDay: CalendarDay, plan: Plan, segment: Segment, country: String?,
        contractType: ContractType, signupMRR: Double,
        subscriptionChanges: [SubscriptionChange] = [], payments: [Payment] = [],
        engagement: [EngagementDay] = [], tickets: [SupportTicket] = [], churnDay: CalendarDay? = nil
    ) {
        self.customerID = customerID
        self.signupDay = signupDay
        self.plan = plan
        self.segment = segment
        self.country = country
        self.contractType = contractType
        self.signupMRR = signupMRR
        self.subscriptionChanges = Self.stableSorted(subscriptionChanges) { $0.changedAt }
        self.payments = Self.stableSorted(payments) { Int64($0.day.daysSinceEpoch) }
        self.engagement = Self.mergedDays(Self.stableSorted(engagement) { Int64($0.day.daysSinceEpoch) })
        self.tickets = Self.stableSorted(tickets) { $0.openedAt }
        self.churnDay = churnDay
    }

    /// Sorts by `key`, keeping the given order among equal keys, without copying already sorted input.
    private static func stableSorted<Event>(_ events: [Event], by key: (Event) -> Int64) -> [Event] {
        var sorted = true
        var index = 1
        while index < events.count, sorted {
            sorted = key(events[index - 1]) <= key(events[index])
            index += 1
        }
        if sorted { return events }
        return events.enumerated()
            .sorted { (key($0.element), $0.offset) < (key($1.element), $1.offset) }
            .map(\.element)
    }

    /// One row per day: docs/DATA.md promises it, but an export that repeats a day is summed, not double-counted.
    private static func mergedDays(_ days: [EngagementDay]) -> [EngagementDay] {
        var merged: [EngagementDay] = []
        merged.reserveCapacity(days.count)
        for day in days {
            if let last = merged.last, last.day == day.day {
                merged[merged.count - 1] = EngagementDay(
                    day: day.day, logins: last.logins + day.logins, sessions: last.sessions + day.sessions,
                    featureEvents: last.featureEvents + day.featureEvents, crashes: last.crashes + day.crashes)
            } else {
                merged.append(day)
            }
        }
        return merged
    }
}

extension CustomerHistory {
    /// Subscription plans, cheapest first (docs/DATA.md).
    public enum Plan: String, Sendable, CaseIterable, Codable {
        case basic, standard, premium, enterprise
    }

    public enum Segment: String, Sendable, CaseIterable, Codable {
        case smb
        case midMarket = "mid_market"
        case enterprise
    }

    public enum ContractType: String, Sendable, CaseIterable, Codable {
        case monthly, annual
        case twoYear = "two_year"

        /// Length of one term; terms renew automatically until the customer churns.
        public var termMonths: Int {
            switch self {
            case .monthly: return 1
            case .annual: return 12
            case .twoYear: return 24
            }
        }
    }
}
