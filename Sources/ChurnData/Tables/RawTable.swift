/// The six raw tables of docs/DATA.md, in the order they are reported.
public enum RawTable: Int, Sendable, CaseIterable {
    case customers, subscriptionChanges, transactions, engagementDaily, supportTickets, churnEvents

    public var fileName: String { CustomerTables.fileNames[rawValue] }

    /// The tables with one row per event, read customer chunk by customer chunk when streaming.
    public static let events: [RawTable] = [.subscriptionChanges, .transactions, .engagementDaily, .supportTickets]

    /// The columns the decoders read, with whether each is required (docs/DATA.md).
    var columns: [(name: String, required: Bool)] {
        switch self {
        case .customers:
            return [("customer_id", true), ("signup_date", true), ("plan", true), ("segment", true),
                    ("country", false), ("contract_type", true), ("contract_end", false), ("mrr", true)]
        case .subscriptionChanges:
            return [("customer_id", true), ("changed_at", true), ("change_type", true), ("from_plan", false),
                    ("to_plan", false), ("mrr_before", false), ("mrr_after", false), ("contract_end", false)]
        case .transactions:
            return [("customer_id", true), ("occurred_at", true), ("amount", true), ("status", true), ("transaction_id", false)]
        case .engagementDaily:
            return [("customer_id", true), ("date", true), ("logins", true), ("sessions", true),
                    ("feature_events", true), ("crashes", true)]
        case .supportTickets:
            return [("customer_id", true), ("opened_at", true), ("resolved_at", false), ("issue_type", true),
                    ("sentiment", false), ("ticket_id", false)]
        case .churnEvents:
            return [("customer_id", true), ("churned_at", true), ("reason", false)]
        }
    }
}
