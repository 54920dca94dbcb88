extension SchemaMigration {
    /// Version 8: the scheduler's job runs. One row per run of a scheduled job, kept as its history.
    /// `(job_name, scheduled_for)` is unique, so one occurrence of a schedule runs once however many
    /// schedulers share the store; the partial unique index allows one running run per job, so a job
    /// never overlaps itself. A runner renews `heartbeat_at` while it works; a running row whose
    /// heartbeat is older than the lease belongs to a dead scheduler and is marked abandoned.
    static let jobRuns = SchemaMigration(version: 8, name: "job runs") { d in
        [
            """
            CREATE TABLE job_runs (
                run_id \(d.uuidType) PRIMARY KEY,
                job_name \(d.varchar(64)) NOT NULL,
                scheduled_for \(d.timestampType) NOT NULL,
                run_trigger \(d.varchar(10)) NOT NULL CHECK (run_trigger IN ('schedule', 'catch_up', 'manual')),
                owner TEXT NOT NULL,
                started_at \(d.timestampType) NOT NULL,
                heartbeat_at \(d.timestampType) NOT NULL,
                finished_at \(d.timestampType),
                status \(d.varchar(10)) NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
                exit_code \(d.bigintType),
                error TEXT,
                UNIQUE (job_name, scheduled_for)
            )
            """,
            "CREATE UNIQUE INDEX uq_job_runs_running ON job_runs (job_name) WHERE status = 'running'",
            "CREATE INDEX idx_job_runs_started ON job_runs (job_name, started_at)",
        ]
    }
}
