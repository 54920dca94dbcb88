extension SchemaMigration {
    /// Version 9: what each CRM destination was last told about each customer's risk tier, so a sync
    /// sends only what changed. A row is written in the transaction that enqueues its message: the
    /// outbox then guarantees the CRM hears it.
    static let tierSync = SchemaMigration(version: 9, name: "tier sync") { d in
        [
            """
            CREATE TABLE tier_sync_state (
                destination \(d.varchar(128)) NOT NULL,
                customer_id \(d.varchar(128)) NOT NULL,
                risk_level \(d.varchar(10)) NOT NULL,
                churn_probability \(d.doubleType) NOT NULL,
                as_of \(d.varchar(10)) NOT NULL,
                synced_at \(d.timestampType) NOT NULL,
                PRIMARY KEY (destination, customer_id)
            )
            """,
        ]
    }
}
