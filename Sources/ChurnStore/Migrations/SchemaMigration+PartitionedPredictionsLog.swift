extension SchemaMigration {
    /// Version 14 (PostgreSQL only; SQLite keeps one table and the retention job): the predictions log
    /// becomes a table partitioned by month of `prediction_timestamp` (UTC), so retention drops whole
    /// months instead of deleting millions of rows. Existing rows move into their months.
    ///
    /// A unique index of a partitioned table must contain the partition key, so the two guarantees
    /// the old unique indexes gave are kept another way:
    /// - prediction id: the primary key is `(prediction_id, prediction_timestamp)`, and a record's
    ///   timestamp is fixed to the millisecond (`PredictionRecord.init`), so a replayed record
    ///   (spool JSON keeps milliseconds) meets its first write.
    /// - batch key `(customer_id, as_of, model_version, served_by)`: a rerun carries a new timestamp,
    ///   maybe in another month, so the key lives in its own unpartitioned table,
    ///   `predictions_batch_keys` (with the id of the row that won it); a batch write claims its keys
    ///   there first and logs only the rows whose key it won (`PredictionsLog+BatchKeys`).
    ///
    /// The new table copies the old one's columns with `LIKE` and the batch keys with
    /// `CREATE TABLE AS`, so column types (JSONB or TEXT features, `COLLATE "C"` ids) are whatever the
    /// earlier migrations left. Partition names come from dates only (`predictions_log_pYYYYMM`).
    static let partitionedPredictionsLog = SchemaMigration(version: 14, name: "monthly partitions of the predictions log") { dialect in
        guard dialect == .postgres else { return [] }
        return [
            // Index and constraint names are schema-wide: the old table gives them up before the copy.
            "DROP INDEX idx_customer_time",
            "DROP INDEX uq_predictions_batch",
            "DROP INDEX idx_predictions_as_of_model",
            "DROP INDEX idx_predictions_day_tier",
            "ALTER TABLE predictions_log DROP CONSTRAINT predictions_log_pkey",
            "ALTER TABLE predictions_log RENAME TO predictions_log_unpartitioned",
            """
            CREATE TABLE predictions_log (LIKE predictions_log_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
            PARTITION BY RANGE (prediction_timestamp)
            """,
            "ALTER TABLE predictions_log ADD PRIMARY KEY (prediction_id, prediction_timestamp)",
            // Rows of a month without its partition land here rather than fail; retention deletes
            // from it row by row.
            "CREATE TABLE predictions_log_default PARTITION OF predictions_log DEFAULT",
            // A month for every month the old rows span, this month and the next.
            """
            DO $$
            DECLARE m date;
            BEGIN
                FOR m IN
                    SELECT DISTINCT date_trunc('month', prediction_timestamp AT TIME ZONE 'UTC')::date FROM predictions_log_unpartitioned
                    UNION SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date
                    UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date
                LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF predictions_log FOR VALUES FROM (%L) TO (%L)',
                        'predictions_log_p' || to_char(m, 'YYYYMM'),
                        to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00',
                        to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
                END LOOP;
            END $$
            """,
            """
            CREATE TABLE predictions_batch_keys AS
            SELECT customer_id, as_of, model_version, served_by, prediction_id FROM predictions_log_unpartitioned WHERE as_of IS NOT NULL
            """,
            "ALTER TABLE predictions_batch_keys ADD PRIMARY KEY (customer_id, as_of, model_version, served_by)",
            "ALTER TABLE predictions_batch_keys ALTER COLUMN prediction_id SET NOT NULL",
            "INSERT INTO predictions_log SELECT * FROM predictions_log_unpartitioned",
            "DROP TABLE predictions_log_unpartitioned",
            // The old indexes but the unique batch one (its job is the keys table's now), on every
            // partition: customer history, a day's batch by model, the console's day pages.
            "CREATE INDEX idx_customer_time ON predictions_log (customer_id, prediction_timestamp DESC)",
            "CREATE INDEX idx_predictions_as_of_model ON predictions_log (as_of, model_version, served_by) WHERE as_of IS NOT NULL",
            """
            CREATE INDEX idx_predictions_day_tier ON predictions_log \
            (as_of, churn_risk_level, churn_probability, customer_id, served_by, top_churn_feature) WHERE as_of IS NOT NULL
            """,
        ]
    }
}
