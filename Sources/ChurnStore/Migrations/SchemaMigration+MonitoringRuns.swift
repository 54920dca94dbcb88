extension SchemaMigration {
    /// Version 6: the history of monitoring runs (`churnguard monitor`), one row per run with the
    /// verdicts a dashboard or alert rule filters on as columns and the whole report as JSON. Runs
    /// are appended, never replaced: monitoring the same day again (after new scores or labels)
    /// adds a row, and the latest row per day is the current verdict.
    static let monitoringRuns = SchemaMigration(version: 6, name: "monitoring runs") { d in
        [
            """
            CREATE TABLE monitoring_runs (
                run_id \(d.uuidType) PRIMARY KEY,
                as_of \(d.varchar(10)) NOT NULL,
                model_version \(d.varchar(32)) NOT NULL,
                created_at \(d.timestampType) NOT NULL,
                status \(d.varchar(10)) NOT NULL CHECK (status IN ('ok', 'warn', 'alert')),
                dataset_drift \(d.bigintType) NOT NULL CHECK (dataset_drift IN (0, 1)),
                drift_share \(d.doubleType) NOT NULL,
                drifted_features \(d.bigintType) NOT NULL,
                features \(d.bigintType) NOT NULL,
                rows_monitored \(d.bigintType) NOT NULL,
                estimated_roc_auc \(d.doubleType),
                realized_roc_auc \(d.doubleType),
                concept_drift \(d.bigintType) NOT NULL CHECK (concept_drift IN (0, 1)),
                report \(d.jsonType) NOT NULL
            )
            """,
            "CREATE INDEX idx_monitoring_runs_day ON monitoring_runs (as_of, model_version, created_at)",
            "CREATE INDEX idx_monitoring_runs_created ON monitoring_runs (created_at)",
        ]
    }
}
