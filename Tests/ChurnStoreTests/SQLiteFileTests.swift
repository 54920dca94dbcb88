import Foundation
import SQLKit
import Testing
@testable import ChurnStore

/// What only the embedded engine has: a file created on demand, in write-ahead-logging mode.
@Suite struct SQLiteFileTests {
    @Test func storeFileIsCreatedInWALMode() async throws {
        let configuration = try await TestBackend.sqlite.freshConfiguration()
        defer { TestBackend.removeHome(of: configuration) }
        guard case .sqlite(let path) = configuration.database else { Issue.record("not a SQLite configuration"); return }
        #expect(!FileManager.default.fileExists(atPath: path))

        let store = try await ChurnStore.open(configuration)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try await store.database.withConnection { db in
            try await db.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
        }
        #expect(mode == "wal")
        let timeout = try await store.database.withConnection { db in
            try await db.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
        }
        #expect(timeout == ChurnStore.Options().busyTimeoutMilliseconds)
        try await store.shutdown()
        try await store.shutdown()
    }
}
