import Foundation
import SQLKit

/// Batch idempotency on PostgreSQL, where the log is partitioned by time (migration 14) and a unique
/// index on `(customer_id, as_of, model_version, served_by)` across months cannot exist: a batch
/// write first claims its rows' keys in `predictions_batch_keys` (`ON CONFLICT DO NOTHING`, in the
/// same transaction as the rows), and logs only the rows whose key it won. A concurrent writer of
/// the same key waits on the first one's uncommitted key, exactly as it would on a unique index,
/// then finds it taken (or free, if the first rolled back). Online rows (no `as_of`) pass through.
extension PredictionsLog {
    static func claimBatchKeys(_ rows: ArraySlice<PredictionRecord>, on db: any SQLDatabase) async throws -> ArraySlice<PredictionRecord> {
        let batch = rows.filter { $0.asOf != nil }
        guard !batch.isEmpty else { return rows }
        // One row back, the winners as one array: a row per id cost our process ~2 s per million.
        let won = try await db.raw("""
            WITH won AS (
                INSERT INTO predictions_batch_keys (customer_id, as_of, model_version, served_by, prediction_id)
                SELECT * FROM UNNEST(
                    \(bind: PostgresArrayBind(batch.map { $0.customerID })), \(bind: PostgresArrayBind(batch.map { $0.asOf })),
                    \(bind: PostgresArrayBind(batch.map { $0.modelVersion })), \(bind: PostgresArrayBind(batch.map { $0.servedBy.rawValue })),
                    \(bind: PostgresArrayBind(batch.map { $0.predictionID })))
                ON CONFLICT DO NOTHING
                RETURNING prediction_id)
            SELECT COUNT(*) AS n, CASE WHEN COUNT(*) = \(bind: batch.count) THEN NULL ELSE array_agg(prediction_id) END AS ids FROM won
            """).first()
        // Every key won (a new day): every row goes. Otherwise the winners' rows only.
        if try won?.decode(column: "n", as: Int.self) == batch.count { return rows }
        let ids = try won?.decode(column: "ids", as: [UUID]?.self) ?? []
        // A key given twice in one batch is won by one of its rows only: keep that row, once.
        var unclaimed = Set(ids)
        return rows.filter { $0.asOf == nil || unclaimed.remove($0.predictionID) != nil }[...]
    }

    /// The batch keys go with their rows when retention purges them (the same condition as the
    /// log's batch rows, so a key outlives no purged row and no kept row loses its key).
    static let batchKeysTable = "predictions_batch_keys"
}
