extension SchemaMigration {
    /// Version 10: the web console. `console_users` are people who sign in with a name and password
    /// (the hash only, from a slow key-derivation function; the store never sees a password);
    /// `console_sessions` are signed-in browsers, keyed by a hash of the cookie's secret so that a
    /// copy of the table cannot be replayed as cookies. The at-risk index lets the console list a
    /// scoring day's customers of one tier by probability, a page at a time, over a million
    /// customers (keyset on `(churn_probability, customer_id)`), and count tiers and top reasons
    /// from the index alone; the campaign and outbox indexes serve the at-risk filters by campaign
    /// decision and a customer's delivery status.
    static let console = SchemaMigration(version: 10, name: "console") { d in
        [
            """
            CREATE TABLE console_users (
                username \(d.keyType(64)) PRIMARY KEY,
                role \(d.varchar(16)) NOT NULL CHECK (role IN ('scorer', 'analyst', 'operator', 'admin')),
                password_hash TEXT NOT NULL,
                created_at \(d.timestampType) NOT NULL,
                updated_at \(d.timestampType) NOT NULL
            )
            """,
            """
            CREATE TABLE console_sessions (
                session_hash \(d.varchar(64)) PRIMARY KEY,
                subject TEXT NOT NULL,
                role \(d.varchar(16)) NOT NULL CHECK (role IN ('scorer', 'analyst', 'operator', 'admin')),
                csrf_token \(d.varchar(64)) NOT NULL,
                created_at \(d.timestampType) NOT NULL,
                expires_at \(d.timestampType) NOT NULL
            )
            """,
            "CREATE INDEX idx_console_sessions_expiry ON console_sessions (expires_at)",
            """
            CREATE INDEX idx_predictions_day_tier ON predictions_log \
            (as_of, churn_risk_level, churn_probability, customer_id, served_by, top_churn_feature) WHERE as_of IS NOT NULL
            """,
            "CREATE INDEX idx_candidates_campaign_probability ON campaign_candidates (campaign_id, churn_probability, customer_id)",
            // A customer's delivery status: its action messages by key, whatever the destination.
            "CREATE INDEX idx_outbox_key ON outbox_messages (idempotency_key)",
        ]
    }
}
