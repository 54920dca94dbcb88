import Foundation
import SQLKit

extension PredictionsLog {
    /// The distinct snapshot dates on which `modelVersion` logged batch scores in the role `servedBy`,
    /// oldest first: how long a shadow or canary has been watched before it may move on.
    public func scoringDays(modelVersion: String, servedBy: ServedBy) async throws -> [String] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT DISTINCT as_of FROM predictions_log
                WHERE model_version = \(bind: modelVersion) AND served_by = \(bind: servedBy.rawValue) AND as_of IS NOT NULL
                ORDER BY as_of
                """).all().map { try $0.decode(column: "as_of", as: String.self) }
        }
    }
}
