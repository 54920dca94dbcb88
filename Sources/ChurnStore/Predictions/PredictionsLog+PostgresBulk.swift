import Foundation
import SQLKit

/// PostgreSQL's bulk path for the log: the rows of a page travel as fourteen array parameters that
/// `UNNEST` zips back into rows. The multi-row VALUES statement the log uses on SQLite carries
/// fourteen binds a row, and on PostgreSQL parsing and planning those statements, not storing the
/// rows, was where the server spent its time (1,000,000 predictions: 123 s, our process 35 s of it).
extension PredictionsLog {
    /// Rows per UNNEST statement: arrays have no bind limit, so this only bounds one message's size
    /// (a row is about 1.5 KB with its features and reasons).
    static let rowsPerUnnestStatement = 10_000

    /// The INSERT … SELECT FROM UNNEST for `rows`, skipping rows already logged as the VALUES form
    /// does. With `counting`, the statement answers one row, `n`, the number of rows it added
    /// (instead of a row per new prediction). JSON the caller vouches for (`jsonIsValid`) is stored
    /// as bound, as on SQLite: parsing it into JSONB and printing it back was a third of the
    /// server's time on a batch run's log.
    /// With `erasureKeys` (the rows' erasure-list keys, index for index), rows of listed customers
    /// are left out by the statement itself.
    static func unnestInsertStatement(
        _ rows: ArraySlice<PredictionRecord>, counting: Bool, sealed: Bool, jsonIsValid: Bool, erasureKeys: [String]? = nil
    ) -> SQLQueryString {
        let checked = sealed || jsonIsValid
        let features = SQLDialectKind.postgres.jsonText(expression: "u.inference_features", checked: checked)
        let reasons = SQLDialectKind.postgres.jsonText(expression: "u.reasons", checked: checked)
        let keys: SQLQueryString = erasureKeys.map { ", \(bind: PostgresArrayBind($0))" } ?? ""
        let keyColumn = erasureKeys == nil ? "" : ", customer_key"
        let insert: SQLQueryString = """
            INSERT INTO predictions_log (\(unsafeRaw: columns))
            SELECT u.prediction_id, u.customer_id, u.prediction_timestamp, u.churn_probability, u.churn_risk_level,
                u.model_version, \(unsafeRaw: features), u.webhook_status, u.as_of, u.served_by, u.trace_id,
                u.raw_probability, u.top_churn_feature, \(unsafeRaw: reasons)
            FROM UNNEST(
                \(bind: PostgresArrayBind(rows.map { $0.predictionID })), \(bind: PostgresArrayBind(rows.map { $0.customerID })),
                \(bind: PostgresArrayBind(rows.map { $0.predictionTimestamp })), \(bind: PostgresArrayBind(rows.map { $0.churnProbability })),
                \(bind: PostgresArrayBind(rows.map { $0.churnRiskLevel })), \(bind: PostgresArrayBind(rows.map { $0.modelVersion })),
                \(bind: PostgresArrayBind(rows.map { sealed ? $0.storedInferenceFeatures.postgresText : $0.inferenceFeaturesJSON })), \(bind: PostgresArrayBind(rows.map { $0.webhookStatus })),
                \(bind: PostgresArrayBind(rows.map { $0.asOf })), \(bind: PostgresArrayBind(rows.map { $0.servedBy.rawValue })),
                \(bind: PostgresArrayBind(rows.map { $0.traceID })), \(bind: PostgresArrayBind(rows.map { $0.rawProbability })),
                \(bind: PostgresArrayBind(rows.map { $0.topChurnFeature })), \(bind: PostgresArrayBind(rows.map { sealed ? $0.storedReasons?.postgresText : $0.reasonsJSON }))\(keys)
            ) AS u(prediction_id, customer_id, prediction_timestamp, churn_probability, churn_risk_level, model_version,
                inference_features, webhook_status, as_of, served_by, trace_id, raw_probability, top_churn_feature, reasons\(unsafeRaw: keyColumn))
            \(unsafeRaw: erasureKeys == nil ? "" : "WHERE NOT EXISTS (SELECT 1 FROM erased_customers e WHERE e.customer_key = u.customer_key)")
            ON CONFLICT DO NOTHING
            """
        guard counting else { return insert }
        return "WITH added AS (\(insert) RETURNING 1) SELECT COUNT(*) AS n FROM added"
    }
}
