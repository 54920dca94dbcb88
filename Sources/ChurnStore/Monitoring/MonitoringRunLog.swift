import Foundation
import SQLKit

/// The history of monitoring runs (`monitoring_runs`): appended by `churnguard monitor`, read by
/// the CLI's history and by the server's drift gauges.
public struct MonitoringRunLog: Sendable {
    let database: StoreDatabase

    static let columns = """
        run_id, as_of, model_version, created_at, status, dataset_drift, drift_share, drifted_features, features, \
        rows_monitored, estimated_roc_auc, realized_roc_auc, concept_drift, report
        """

    /// Appends `run`. The report must be valid JSON (the database checks it).
    public func record(_ run: MonitoringRunRecord) async throws {
        try run.validate()
        let dialect = database.dialect
        try await database.withWriteStatement { db in
            try await db.raw("""
                INSERT INTO monitoring_runs (\(unsafeRaw: Self.columns))
                VALUES (\(dialect.uuid(run.runID)), \(bind: run.asOf), \(bind: run.modelVersion), \(bind: run.createdAt), \
                \(bind: run.status), \(bind: run.datasetDrift ? 1 : 0), \(bind: run.driftShare), \(bind: run.driftedFeatures), \
                \(bind: run.features), \(bind: run.rowsMonitored), \(bind: run.estimatedROCAUC), \(bind: run.realizedROCAUC), \
                \(bind: run.conceptDrift ? 1 : 0), \(dialect.json(run.reportJSON)))
                """).run()
        }
    }

    /// The most recent run, or with `asOf` the most recent for that scoring day.
    public func latest(asOf: String? = nil) async throws -> MonitoringRunRecord? {
        if let asOf { try StoreValidation.day(asOf, field: "as_of") }
        return try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM monitoring_runs"
            if let asOf { query += " WHERE as_of = \(bind: asOf)" }
            query += " ORDER BY created_at DESC LIMIT 1"
            return try await db.raw(query).first().map(Self.decode)
        }
    }

    /// Runs newest first.
    public func history(limit: Int = 100) async throws -> [MonitoringRunRecord] {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM monitoring_runs ORDER BY created_at DESC LIMIT \(bind: limit)")
                .all().map(Self.decode)
        }
    }

    static func decode(_ row: any SQLRow) throws -> MonitoringRunRecord {
        MonitoringRunRecord(
            runID: try row.decode(column: "run_id", as: UUID.self),
            asOf: try row.decode(column: "as_of", as: String.self),
            modelVersion: try row.decode(column: "model_version", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            status: try row.decode(column: "status", as: String.self),
            datasetDrift: try row.decode(column: "dataset_drift", as: Int.self) == 1,
            driftShare: try row.decode(column: "drift_share", as: Double.self),
            driftedFeatures: try row.decode(column: "drifted_features", as: Int.self),
            features: try row.decode(column: "features", as: Int.self),
            rowsMonitored: try row.decode(column: "rows_monitored", as: Int.self),
            estimatedROCAUC: try row.decode(column: "estimated_roc_auc", as: Double?.self),
            realizedROCAUC: try row.decode(column: "realized_roc_auc", as: Double?.self),
            conceptDrift: try row.decode(column: "concept_drift", as: Int.self) == 1,
            reportJSON: try row.decode(column: "report", as: String.self))
    }
}
