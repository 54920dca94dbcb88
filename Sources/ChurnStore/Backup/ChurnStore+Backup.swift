import Foundation
import SQLKit

extension ChurnStore {
    /// Writes a consistent copy of the SQLite store to `path` (a file that must not exist yet) while
    /// other connections and processes go on writing. `VACUUM INTO` reads inside one read
    /// transaction, so the copy holds exactly the commits made before it started, and in WAL mode it
    /// blocks no writer; the copy is compacted and has no WAL of its own. The file name is bound, not
    /// spliced into the statement. PostgreSQL is backed up with its own tools (`pg_dump`).
    public func writeSnapshot(to path: String) async throws {
        guard database.dialect == .sqlite else {
            throw StoreError.notOnPostgreSQL(operation: "a snapshot of the store", instead: Self.postgresBackupProcedure)
        }
        try await database.withConnection { db in
            try await db.raw("VACUUM INTO \(bind: path)").run()
        }
    }

    /// SQLite's own check of every page, index and constraint (`PRAGMA integrity_check`): the
    /// problems it reports, empty when the file is sound. PostgreSQL guards its pages itself and
    /// reports nothing here.
    public func integrityProblems() async throws -> [String] {
        guard database.dialect == .sqlite else { return [] }
        let lines = try await database.withConnection { db in
            try await db.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
        }
        return lines == ["ok"] ? [] : lines
    }

    /// What to do instead of `churnguard backup` when the store is on PostgreSQL.
    public static let postgresBackupProcedure = """
        back up PostgreSQL with its own tools: \
        pg_dump --format=custom --file=churnguard.dump "$CHURNGUARD_DATABASE_URL", \
        and restore into an empty database with pg_restore --no-owner --dbname="$CHURNGUARD_DATABASE_URL" churnguard.dump; \
        copy HOME/bundles/, HOME/spool/ and HOME/erasure-key beside the dump, and restore them into a home at the \
        same path (the registry keeps the bundles' absolute paths) (README, "Backup and restore")
        """
}
