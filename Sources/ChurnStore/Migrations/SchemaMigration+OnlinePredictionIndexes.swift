extension SchemaMigration {
    /// Version 5: the two batch indexes of the predictions log leave out online predictions (they
    /// carry no `as_of`, are never deduplicated and never looked up by day). Every served prediction
    /// then updates two index pages fewer in the commit its request waits for. Every query using
    /// them filters `as_of = ?` or `as_of IS NOT NULL`, which both engines match to the partial index.
    static let onlinePredictionIndexes = SchemaMigration(version: 5, name: "batch indexes without online predictions") { _ in
        [
            "DROP INDEX uq_predictions_batch",
            "CREATE UNIQUE INDEX uq_predictions_batch ON predictions_log (customer_id, as_of, model_version, served_by) WHERE as_of IS NOT NULL",
            "DROP INDEX idx_predictions_as_of_model",
            "CREATE INDEX idx_predictions_as_of_model ON predictions_log (as_of, model_version, served_by) WHERE as_of IS NOT NULL",
        ]
    }
}
