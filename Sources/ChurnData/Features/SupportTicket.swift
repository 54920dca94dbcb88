/// A row of `support_tickets.csv`.
public struct SupportTicket: Sendable, Equatable {
    public enum IssueType: String, Sendable, CaseIterable, Codable {
        case billing, bug
        case howTo = "how_to"
        case performance
        case cancellationRequest = "cancellation_request"
        case integration
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var openedAt: Int64
    /// Seconds since the epoch; nil while the ticket is open.
    public var resolvedAt: Int64?
    public var issueType: IssueType
    /// -1 … 1, when scored.
    public var sentiment: Double?

    public init(openedAt: Int64, resolvedAt: Int64?, issueType: IssueType, sentiment: Double?) {
        self.openedAt = openedAt
        self.resolvedAt = resolvedAt
        self.issueType = issueType
        self.sentiment = sentiment
    }

    public var openedDay: CalendarDay { CalendarDay(daysSinceEpoch: Int(RawTimestamp.day(ofSeconds: openedAt))) }
}
