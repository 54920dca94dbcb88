/// A row of `transactions.csv`, reduced to what features use: when, how much, and the outcome.
public struct Payment: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case paid, failed, refunded
    }

    /// The UTC day of `occurred_at`.
    public var day: CalendarDay
    /// USD.
    public var amount: Double
    public var status: Status

    public init(day: CalendarDay, amount: Double, status: Status) {
        self.day = day
        self.amount = amount
        self.status = status
    }
}
