import Foundation
import SQLKit

extension PredictionsLog {
    /// The distinct snapshot dates on which `modelVersion` logged batch scores in the role `servedBy`
    /// (any role when nil), oldest first: how long a shadow or canary has been watched before it may
    /// move on, and which days two versions can be compared on.
    public func scoringDays(modelVersion: String, servedBy: ServedBy? = nil) async throws -> [String] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT DISTINCT as_of FROM predictions_log WHERE model_version = \(bind: modelVersion) AND as_of IS NOT NULL"
            if let servedBy { query += " AND served_by = \(bind: servedBy.rawValue)" }
            query += " ORDER BY as_of"
            return try await db.raw(query).all().map { try $0.decode(column: "as_of", as: String.self) }
        }
    }
}
