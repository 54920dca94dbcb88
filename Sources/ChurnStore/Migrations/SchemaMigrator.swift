import Foundation
import SQLKit

/// Brings a database's schema up to `SchemaMigration.all`, recording each applied step in
/// `schema_migrations`. Safe to run twice and from several processes at once: PostgreSQL serializes
/// migrators on an advisory lock, SQLite on the write lock `BEGIN IMMEDIATE` takes; whoever comes second
/// finds the steps recorded and applies nothing.
struct SchemaMigrator: Sendable {
    let database: StoreDatabase

    /// Arbitrary but fixed: the advisory-lock key every ChurnGuard migrator takes ("ChurnGrd").
    static let postgresLockKey = 0x4368_7572_6E47_7264

    /// Applies the pending steps and returns their versions.
    @discardableResult
    func migrate() async throws -> [Int] {
        switch database.dialect {
        case .sqlite:
            return try await database.withTransaction { db in try await applyPending(on: db) }
        case .postgres:
            return try await database.withConnection { db in
                try await db.raw("SELECT pg_advisory_lock(\(bind: Self.postgresLockKey))").run()
                do {
                    let applied = try await inTransaction(db) { try await applyPending(on: db) }
                    try await db.raw("SELECT pg_advisory_unlock(\(bind: Self.postgresLockKey))").run()
                    return applied
                } catch {
                    try? await db.raw("SELECT pg_advisory_unlock(\(bind: Self.postgresLockKey))").run()
                    throw error
                }
            }
        }
    }

    func appliedVersions() async throws -> [Int] {
        try await database.withConnection { db in try await appliedVersions(on: db) }
    }

    private func applyPending(on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at \(unsafeRaw: database.dialect.timestampType) NOT NULL
            )
            """).run()
        let applied = Set(try await appliedVersions(on: db))
        let supported = SchemaMigration.all.map(\.version).max() ?? 0
        if let newest = applied.max(), newest > supported {
            throw StoreError.schemaTooNew(databaseVersion: newest, supportedVersion: supported)
        }
        var newlyApplied: [Int] = []
        for migration in SchemaMigration.all where !applied.contains(migration.version) {
            for statement in migration.statements(database.dialect) {
                try await db.raw(SQLQueryString(statement)).run()
            }
            try await db.raw("""
                INSERT INTO schema_migrations (version, name, applied_at)
                VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date()))
                """).run()
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }

    private func appliedVersions(on db: any SQLDatabase) async throws -> [Int] {
        let exists: Bool
        switch database.dialect {
        case .sqlite:
            exists = try await db.raw("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").first() != nil
        case .postgres:
            exists = try await db.raw("SELECT 1 AS present FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'").first() != nil
        }
        guard exists else { return [] }
        return try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
    }

    private func inTransaction<R: Sendable>(_ db: any SQLDatabase, _ body: () async throws -> R) async throws -> R {
        try await db.raw("BEGIN").run()
        do {
            let result = try await body()
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }
}
