extension SchemaMigration {
    /// Version 1: the online feature store, the predictions log, the model registry, batch runs and the
    /// audit log.
    static let initialSchema = SchemaMigration(version: 1, name: "initial schema") { d in
        var statements = [
            """
            CREATE TABLE online_features (
                customer_id \(d.keyType(128)) PRIMARY KEY,
                as_of \(d.varchar(10)) NOT NULL,
                features \(d.jsonType) NOT NULL,
                updated_at \(d.timestampType) NOT NULL
            )
            """,
            // The spec's DDL plus as_of, served_by, trace_id and the explanation. Probabilities are kept in
            // double precision (the spec says REAL) so a logged score reads back exactly as served.
            """
            CREATE TABLE predictions_log (
                prediction_id \(d.uuidType) PRIMARY KEY,
                customer_id \(d.keyType(128)) NOT NULL,
                prediction_timestamp \(d.timestampType) NOT NULL,
                churn_probability \(d.doubleType) NOT NULL CHECK (churn_probability >= 0 AND churn_probability <= 1),
                churn_risk_level \(d.varchar(10)) NOT NULL CHECK (churn_risk_level IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
                model_version \(d.varchar(32)) NOT NULL,
                inference_features \(d.jsonType) NOT NULL,
                webhook_status \(d.varchar(50)) NOT NULL DEFAULT 'PENDING',
                as_of \(d.varchar(10)),
                served_by \(d.varchar(10)) NOT NULL CHECK (served_by IN ('production', 'shadow', 'canary')),
                trace_id \(d.varchar(64)),
                raw_probability \(d.doubleType),
                top_churn_feature \(d.varchar(128)),
                reasons \(d.jsonType)
            )
            """,
            "CREATE INDEX idx_customer_time ON predictions_log (customer_id, prediction_timestamp DESC)",
            // Batch idempotency: one prediction per customer, snapshot date, model and role. Online
            // predictions carry no as_of and are never deduplicated (NULLs are distinct on both engines).
            "CREATE UNIQUE INDEX uq_predictions_batch ON predictions_log (customer_id, as_of, model_version, served_by)",
            "CREATE INDEX idx_predictions_as_of_model ON predictions_log (as_of, model_version, served_by)",
            """
            CREATE TABLE model_versions (
                version \(d.varchar(32)) PRIMARY KEY,
                stage \(d.varchar(16)) NOT NULL CHECK (stage IN ('candidate', 'rejected', 'shadow', 'canary', 'production', 'archived')),
                canary_share \(d.doubleType) NOT NULL DEFAULT 0 CHECK (canary_share >= 0 AND canary_share <= 1),
                metrics \(d.jsonType) NOT NULL,
                bundle_path TEXT NOT NULL,
                created_at \(d.timestampType) NOT NULL,
                reason TEXT
            )
            """,
            // At most one version serves each live role.
            "CREATE UNIQUE INDEX uq_model_versions_live_stage ON model_versions (stage) WHERE stage IN ('production', 'shadow', 'canary')",
            """
            CREATE TABLE model_stage_history (
                id \(d.identityPrimaryKey),
                version \(d.varchar(32)) NOT NULL REFERENCES model_versions (version),
                from_stage \(d.varchar(16)),
                to_stage \(d.varchar(16)) NOT NULL,
                actor TEXT NOT NULL,
                reason TEXT,
                at \(d.timestampType) NOT NULL
            )
            """,
            "CREATE INDEX idx_model_stage_history_version ON model_stage_history (version, id)",
            """
            CREATE TABLE batch_runs (
                run_id \(d.uuidType) PRIMARY KEY,
                as_of \(d.varchar(10)) NOT NULL,
                model_version \(d.varchar(32)) NOT NULL,
                started_at \(d.timestampType) NOT NULL,
                finished_at \(d.timestampType),
                status \(d.varchar(16)) NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                scored \(d.bigintType) NOT NULL DEFAULT 0,
                last_customer_id \(d.keyType(128)),
                error TEXT
            )
            """,
            // One unfinished run per snapshot date and model: a restarted job resumes it instead.
            "CREATE UNIQUE INDEX uq_batch_runs_running ON batch_runs (as_of, model_version) WHERE status = 'running'",
            """
            CREATE TABLE audit_log (
                id \(d.identityPrimaryKey),
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                at \(d.timestampType) NOT NULL,
                details \(d.jsonType) NOT NULL
            )
            """,
            "CREATE INDEX idx_audit_log_target ON audit_log (target, id)",
        ]
        // The code has no update or delete path for the audit log; the database refuses one too.
        switch d {
        case .sqlite:
            statements += [
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_log is append-only';
                END
                $$
                """,
                "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            ]
        }
        return statements
    }
}
