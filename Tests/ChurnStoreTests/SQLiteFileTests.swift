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

    /// With background checkpoints, small commits (the online log's) never checkpoint themselves:
    /// the WAL keeps every frame until `checkpointWAL` copies them into the file, and the next commit
    /// starts the log afresh.
    @Test func backgroundCheckpointsLeaveCommitsAloneAndThenEmptyTheLog() async throws {
        let configuration = try await TestBackend.sqlite.freshConfiguration()
        defer { TestBackend.removeHome(of: configuration) }
        var options = ChurnStore.Options()
        options.checkpointsInBackground = true
        let store = try await ChurnStore.open(configuration, options: options)
        let features = "{" + (0..<40).map { "\"feature_\($0)\":\($0).25" }.joined(separator: ",") + "}"
        func logBatch(_ count: Int, into store: ChurnStore) async throws {
            try await store.predictionsLog.insert((0..<count).map { _ in
                PredictionRecord(customerID: "c-\(UUID())", churnProbability: 0.4, churnRiskLevel: "MEDIUM", modelVersion: "v1", inferenceFeaturesJSON: features)
            })
        }
        // Far more than SQLite's 1,000-page automatic checkpoint, in commits of a few rows.
        for _ in 0..<600 { try await logBatch(4, into: store) }
        let first = try await store.checkpointWAL()
        #expect(first.walFrames > 1_000, "a commit checkpointed the WAL: \(first)")
        #expect(first.checkpointedFrames == first.walFrames)
        // The checkpoint holds the writers for its last pass, so the next commit starts the log
        // afresh even while others write.
        let writers = Task { for _ in 0..<200 { try await logBatch(2, into: store) } }
        let restarted = try await store.checkpointWAL()
        #expect(restarted.checkpointedFrames == restarted.walFrames)
        try await writers.value
        try await logBatch(4, into: store)
        let second = try await store.checkpointWAL()
        #expect(second.walFrames < first.walFrames, "the WAL was not restarted: \(second)")
                try await store.shutdown()

        // The default: commits checkpoint as they go, so the WAL never holds much more than 1,000 pages.
        let plain = try await ChurnStore.open(configuration)
        for _ in 0..<600 { try await logBatch(4, into: plain) }
        #expect(try await plain.checkpointWAL().walFrames < 1_100)
        try await plain.shutdown()
    }
}
