import Foundation
import Logging
import SQLKit

extension ChurnStore {
    /// Writes a consistent copy of the store to `path` (a file that must not exist yet) while other
    /// connections and processes go on writing.
    /// - SQLite: `VACUUM INTO` reads inside one read transaction, so the copy holds exactly the
    ///   commits made before it started, and in WAL mode it blocks no writer; the copy is compacted
    ///   and has no WAL of its own. The file name is bound, not spliced into the statement.
    /// - PostgreSQL: `pg_dump --format=custom` takes one repeatable-read snapshot of the whole
    ///   database for the same guarantee, without blocking writers (``restorePostgresDump(_:into:)``
    ///   reads it back).
    public func writeSnapshot(to path: String) async throws {
        switch configuration.database {
        case .sqlite:
            try await database.withConnection { db in
                try await db.raw("VACUUM INTO \(bind: path)").run()
            }
        case .postgres(let url):
            guard !FileManager.default.fileExists(atPath: path) else {
                throw StoreError.postgresToolFailed(tool: "pg_dump", reason: "\(path) exists already")
            }
            try await PostgresClientTools.run("pg_dump", arguments: ["--format=custom", "--no-owner", "--no-privileges", "--file=\(path)"], url: url)
        }
    }

    /// The file name a snapshot of this store's engine goes under in a backup.
    public static func snapshotFileName(postgres: Bool) -> String {
        postgres ? "churnguard.pgdump" : "churnguard.sqlite"
    }

    /// Restores a ``writeSnapshot(to:)`` of a PostgreSQL store into the database at `url`, which
    /// must hold no table yet (a live store is never overwritten). `pg_restore` runs as one
    /// transaction: it restores everything or, on any error, nothing.
    public static func restorePostgresDump(_ path: String, into url: String) async throws {
        let database = try StoreDatabase.postgres(url: url, options: Options(), logger: Logger(label: "churnguard.restore"))
        let tables: [String]
        do {
            tables = try await database.withConnection { db in
                try await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").all()
                    .map { try $0.decode(column: "tablename", as: String.self) }
            }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
        guard tables.isEmpty else { throw StoreError.restoreTargetNotEmpty(tables: tables) }
        let name = try PostgresClientTools.environment(url: url)["PGDATABASE"] ?? ""
        try await PostgresClientTools.run(
            "pg_restore", arguments: ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname=\(name)", path], url: url)
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
}
