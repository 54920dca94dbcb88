/// One raw activity table as the store keeps it: its CSV file, its SQL table, its columns (all
/// text, as loaded) and the key that makes a second load of the same file a no-op.
public struct RawTableSpec: Sendable, Equatable {
    public var file: String
    public var table: String
    public var columns: [String]
    public var key: [String]
    /// The personal columns, sealed at rest when the store has a data key (``FieldCipher``). None of
    /// them is filtered, joined or ordered on in SQL.
    public var encrypted: [String] = []

    /// The six tables of docs/DATA.md, in load order.
    public static let all: [RawTableSpec] = [
        RawTableSpec(file: "customers.csv", table: "raw_customers",
                     columns: ["customer_id", "signup_date", "plan", "segment", "country", "contract_type", "contract_end", "mrr"],
                     key: ["customer_id"], encrypted: ["plan", "segment", "country", "contract_type", "contract_end", "mrr"]),
        RawTableSpec(file: "subscription_changes.csv", table: "raw_subscription_changes",
                     columns: ["customer_id", "changed_at", "change_type", "from_plan", "to_plan", "mrr_before", "mrr_after", "contract_end"],
                     key: ["customer_id", "changed_at", "change_type"], encrypted: ["from_plan", "to_plan", "mrr_before", "mrr_after", "contract_end"]),
        RawTableSpec(file: "transactions.csv", table: "raw_transactions",
                     columns: ["transaction_id", "customer_id", "occurred_at", "amount", "status"],
                     key: ["transaction_id"], encrypted: ["amount"]),
        RawTableSpec(file: "engagement_daily.csv", table: "raw_engagement_daily",
                     columns: ["customer_id", "date", "logins", "sessions", "feature_events", "crashes"],
                     key: ["customer_id", "date"]),
        RawTableSpec(file: "support_tickets.csv", table: "raw_support_tickets",
                     columns: ["ticket_id", "customer_id", "opened_at", "resolved_at", "issue_type", "sentiment"],
                     key: ["ticket_id"], encrypted: ["issue_type", "sentiment"]),
        RawTableSpec(file: "churn_events.csv", table: "raw_churn_events",
                     columns: ["customer_id", "churned_at", "reason"],
                     key: ["customer_id", "churned_at"], encrypted: ["reason"]),
    ]
}

extension RawTableSpec {
    /// The encrypted columns as the cipher names them.
    var encryptedColumns: [EncryptedColumn] {
        encrypted.map { EncryptedColumn(table: table, column: $0, isJSON: false) }
    }

    /// Each encrypted column with its cell's position in a row, and the position of `customer_id`
    /// (the sealing context): worked out once per batch of rows, not per row.
    var sealedCells: (customer: Int, columns: [(column: EncryptedColumn, position: Int)])? {
        guard let customer = columns.firstIndex(of: "customer_id"), !encrypted.isEmpty else { return nil }
        return (customer, encryptedColumns.map { ($0, columns.firstIndex(of: $0.column)!) })
    }
}
