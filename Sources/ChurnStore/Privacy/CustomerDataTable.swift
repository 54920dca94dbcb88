/// A table that holds rows about one customer in a `customer_id` column, and the order its rows are
/// exported in. Export reads every one of these; erasure deletes from every one, in this order
/// (outcomes before the candidates they reference). A new table with a `customer_id` column belongs
/// here; `CustomerDataContract` checks that none is missed.
struct CustomerDataTable: Sendable, Equatable {
    let table: String
    let orderBy: String

    static let all: [CustomerDataTable] =
        RawTableSpec.all.map { CustomerDataTable(table: $0.table, orderBy: $0.key.joined(separator: ", ")) } + [
            CustomerDataTable(table: "online_features", orderBy: "customer_id"),
            CustomerDataTable(table: "predictions_log", orderBy: "prediction_timestamp, prediction_id"),
            CustomerDataTable(table: "retention_outcomes", orderBy: "campaign_id"),
            CustomerDataTable(table: "campaign_candidates", orderBy: "campaign_id"),
            CustomerDataTable(table: "tier_sync_state", orderBy: "destination"),
        ]

    /// Columns holding JSON text on SQLite, exported as nested JSON rather than as strings
    /// (PostgreSQL's JSONB columns nest by themselves).
    static let jsonColumns: Set<String> = ["features", "inference_features", "reasons", "payload"]

    /// Tables that name customers in columns other than `customer_id`, handled apart: batch
    /// resume markers and coordinated-scoring chunk bounds (`CustomerData.erase`), the outbox
    /// (by the payload's `data.customer_id` — `retention.action`, `risk.sync` — and digests naming
    /// them in their text), PostgreSQL's batch keys of the log (erased with the log's rows; their
    /// content is the rows' own, so an export shows it once).
    static let handledApart: Set<String> = ["batch_runs", "score_chunks", "outbox_messages", PredictionsLog.batchKeysTable]
}
