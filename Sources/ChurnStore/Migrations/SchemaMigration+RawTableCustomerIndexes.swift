extension SchemaMigration {
    /// Version 12: `customer_id` indexes on the two raw tables whose key does not start with it
    /// (transactions and support tickets are keyed by their own ids), so that reading a range of
    /// customers (`features --from-store`, a customer's export) is an index range scan, not a pass
    /// over the whole table per range.
    static let rawTableCustomerIndexes = SchemaMigration(version: 12, name: "raw table customer indexes") { _ in
        [
            "CREATE INDEX idx_raw_transactions_customer ON raw_transactions (customer_id)",
            "CREATE INDEX idx_raw_support_tickets_customer ON raw_support_tickets (customer_id)",
        ]
    }
}
