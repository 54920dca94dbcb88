/// The database side of the predictions log, as the writer needs it. ``ChurnStore`` provides it;
/// inserts are idempotent by `prediction_id`, so a replayed spool never duplicates a row.
public protocol PredictionLogStore: Sendable {
    /// Inserts the entries in one transaction; entries whose prediction_id exists are skipped.
    func insertPredictions(_ entries: [PredictionLogEntry]) async throws
}
