extension SchemaMigration {
    /// Version 2: retention campaigns, their candidates (with a time to live) and the outcomes fed back.
    static let campaigns = SchemaMigration(version: 2, name: "campaigns") { d in
        [
            """
            CREATE TABLE campaigns (
                campaign_id \(d.keyType(128)) PRIMARY KEY,
                program_id \(d.varchar(128)) NOT NULL,
                as_of \(d.varchar(10)) NOT NULL,
                created_at \(d.timestampType) NOT NULL,
                expires_at \(d.timestampType) NOT NULL,
                created_by TEXT NOT NULL,
                candidates \(d.bigintType) NOT NULL,
                holdout \(d.bigintType) NOT NULL,
                summary \(d.jsonType) NOT NULL
            )
            """,
            "CREATE INDEX idx_campaigns_created ON campaigns (created_at)",
            // One row per customer of a campaign; a customer's rows across campaigns of one program are
            // its offer history (cool-down and frequency cap read them).
            """
            CREATE TABLE campaign_candidates (
                campaign_id \(d.keyType(128)) NOT NULL REFERENCES campaigns (campaign_id),
                customer_id \(d.keyType(128)) NOT NULL,
                program_id \(d.varchar(128)) NOT NULL,
                as_of \(d.varchar(10)) NOT NULL,
                risk_level \(d.varchar(10)) NOT NULL CHECK (risk_level IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
                churn_probability \(d.doubleType) NOT NULL,
                segment \(d.varchar(128)) NOT NULL,
                offer_id \(d.varchar(128)) NOT NULL,
                offer_type \(d.varchar(64)) NOT NULL,
                channel \(d.varchar(64)) NOT NULL,
                route \(d.varchar(32)) NOT NULL,
                lifetime_value \(d.doubleType) NOT NULL,
                lift \(d.doubleType) NOT NULL,
                cost \(d.doubleType) NOT NULL,
                expected_value \(d.doubleType) NOT NULL,
                priority \(d.doubleType) NOT NULL,
                reasons \(d.jsonType) NOT NULL,
                is_holdout \(d.bigintType) NOT NULL CHECK (is_holdout IN (0, 1)),
                expires_at \(d.timestampType) NOT NULL,
                PRIMARY KEY (campaign_id, customer_id)
            )
            """,
            "CREATE INDEX idx_candidates_customer_program ON campaign_candidates (customer_id, program_id, as_of)",
            "CREATE INDEX idx_candidates_campaign_risk ON campaign_candidates (campaign_id, risk_level, priority)",
            "CREATE INDEX idx_candidates_campaign_offer ON campaign_candidates (campaign_id, offer_id)",
            """
            CREATE TABLE retention_outcomes (
                outcome_id \(d.keyType(128)) PRIMARY KEY,
                campaign_id \(d.keyType(128)) NOT NULL,
                customer_id \(d.keyType(128)) NOT NULL,
                retained \(d.bigintType) NOT NULL CHECK (retained IN (0, 1)),
                observed_at \(d.timestampType) NOT NULL,
                recorded_at \(d.timestampType) NOT NULL,
                recorded_by TEXT NOT NULL,
                FOREIGN KEY (campaign_id, customer_id) REFERENCES campaign_candidates (campaign_id, customer_id)
            )
            """,
            // One outcome per customer of a campaign, whatever id it is sent under.
            "CREATE UNIQUE INDEX uq_outcomes_campaign_customer ON retention_outcomes (campaign_id, customer_id)",
        ]
    }
}
