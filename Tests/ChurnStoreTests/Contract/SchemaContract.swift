import Foundation
import ChurnTestSupport
import SQLKit
import Testing
@testable import ChurnStore

/// Migrations: applied once at open, a no-op the second time, safe when several stores open the same
/// fresh database at the same moment.
@Suite("Store contract: schema and migrations") struct SchemaContract {
    @Test(arguments: TestBackend.allCases)
    func migrationsAreIdempotent(_ backend: TestBackend) async throws {
        let configuration = try await backend.freshConfiguration()
        defer { TestBackend.removeHome(of: configuration) }
        try await withStore(configuration) { first async throws in
            // The newest version, not the count: version numbers may have gaps (branches reserve them).
            #expect(try await first.schemaVersion() == SchemaMigration.all.map(\.version).max())
        }
        try await withStore(configuration) { second async throws in
            #expect(try await SchemaMigrator(database: second.database).migrate() == [])
            #expect(try await Self.migrationRows(second) == SchemaMigration.all.count)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentOpensMigrateOnce(_ backend: TestBackend) async throws {
        let configuration = try await backend.freshConfiguration()
        defer { TestBackend.removeHome(of: configuration) }
        let stores = try await withThrowingTaskGroup(of: ChurnStore.self) { group in
            for _ in 0..<4 {
                group.addTask { try await ChurnStore.open(configuration) }
            }
            return try await group.reduce(into: [ChurnStore]()) { $0.append($1) }
        }
        #expect(stores.count == 4)
        #expect(try await Self.migrationRows(stores[0]) == SchemaMigration.all.count)
        // Every store sees the same, complete schema.
        for store in stores {
            #expect(try await store.onlineFeatures.count() == 0)
            try await store.shutdown()
        }
    }

    @Test(arguments: TestBackend.allCases)
    func auditLogRefusesUpdateAndDelete(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await store.auditLog.append(AuditEntry(actor: "alice", action: "test", target: "t"))
            await #expect(throws: (any Error).self) {
                try await store.database.withConnection { db in try await db.raw("UPDATE audit_log SET actor = 'mallory'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await store.database.withConnection { db in try await db.raw("DELETE FROM audit_log").run() }
            }
            #expect(try await store.auditLog.entries().map(\.actor) == ["alice"])
        }
    }

    private static func migrationRows(_ store: ChurnStore) async throws -> Int {
        try await store.database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }
}
