import Foundation
import SQLKit

extension ModelRegistry {
    /// Points every registered bundle under `oldDirectory` at the same place under `newDirectory`:
    /// the registry keeps absolute paths, and a store restored into another home must find its
    /// bundles in that home. Returns how many versions moved. Not audited: the versions, stages and
    /// files are unchanged, only where the files are.
    @discardableResult
    public func relocateBundles(from oldDirectory: String, to newDirectory: String) async throws -> Int {
        let old = oldDirectory.hasSuffix("/") ? oldDirectory : oldDirectory + "/"
        let new = newDirectory.hasSuffix("/") ? newDirectory : newDirectory + "/"
        // Both engines count characters (code points) in substr and length. PostgreSQL binds an Int
        // as bigint and its substr takes integer, hence the casts.
        let length = old.unicodeScalars.count
        return try await database.withTransaction { db in
            try await db.raw("""
                UPDATE model_versions SET bundle_path = \(bind: new) || substr(bundle_path, CAST(\(bind: length + 1) AS INTEGER))
                WHERE substr(bundle_path, 1, CAST(\(bind: length) AS INTEGER)) = \(bind: old)
                RETURNING version
                """).all().count
        }
    }
}
