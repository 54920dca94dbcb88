extension SchemaMigration {
    /// Version 7: the delivery outbox. A campaign's messages are written in the transaction that
    /// stores its candidates, so an action never exists only in memory; workers claim due messages
    /// under a lease and record each attempt. `(destination, idempotency_key)` is unique, so the
    /// same action is enqueued once however often it is planned or replayed. While a message is
    /// leased, `next_attempt_at` is its lease expiry: one range over `(state, next_attempt_at)`
    /// finds both pending messages that are due and leases a dead worker left behind.
    /// `delivery_destinations` remembers a destination a receiver retired (410 Gone).
    static let outbox = SchemaMigration(version: 7, name: "outbox") { d in
        [
            """
            CREATE TABLE outbox_messages (
                message_id \(d.identityPrimaryKey),
                destination \(d.varchar(128)) NOT NULL,
                kind \(d.varchar(64)) NOT NULL,
                idempotency_key \(d.varchar(512)) NOT NULL,
                payload \(d.jsonType) NOT NULL,
                state \(d.varchar(10)) NOT NULL CHECK (state IN ('pending', 'leased', 'delivered', 'dead')),
                attempts \(d.bigintType) NOT NULL DEFAULT 0,
                next_attempt_at \(d.timestampType) NOT NULL,
                lease_owner TEXT,
                lease_until \(d.timestampType),
                last_status \(d.bigintType),
                last_error TEXT,
                created_at \(d.timestampType) NOT NULL,
                updated_at \(d.timestampType) NOT NULL,
                UNIQUE (destination, idempotency_key)
            )
            """,
            "CREATE INDEX idx_outbox_due ON outbox_messages (state, next_attempt_at, message_id)",
            """
            CREATE TABLE delivery_destinations (
                destination \(d.varchar(128)) PRIMARY KEY,
                disabled_at \(d.timestampType),
                disabled_reason TEXT
            )
            """,
        ]
    }
}
