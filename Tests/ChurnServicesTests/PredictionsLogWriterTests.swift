import ChurnServices
import Foundation
import Testing
@testable import ChurnServices

/// The writer's contract with a database that can go away: every appended entry ends up in the
/// database exactly once, via the spool when needed. (The same is exercised against a real
/// database in the store integration tests.)
@Suite struct PredictionsLogWriterTests {
    actor FlakyStore: PredictionLogStore {
        var rows: [String: PredictionLogEntry] = [:]
        var available = true
        var transactions = 0

        func setAvailable(_ value: Bool) { available = value }

        func insertPredictions(_ entries: [PredictionLogEntry]) async throws {
            guard available else { throw CancellationError() }
            transactions += 1
            for entry in entries where rows[entry.predictionID] == nil { rows[entry.predictionID] = entry }
        }
    }

    static func entry(_ number: Int) -> PredictionLogEntry {
        PredictionLogEntry(
            predictionID: "p\(number)", customerID: "c\(number % 97)", timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(number)),
            churnProbability: 0.5, rawProbability: 0.4, riskLevel: "MEDIUM", modelVersion: "v1", topChurnFeature: "f",
            inferenceFeaturesJSON: #"{"f":1}"#, reasonsJSON: "[]", traceID: "t\(number)", servedBy: "production")
    }

    func spool() throws -> PredictionSpool {
        try PredictionSpool(directory: FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path)
    }

    @Test func concurrentAppendsAreGroupCommitted() async throws {
        let store = FlakyStore()
        let writer = PredictionsLogWriter(store: store, spool: try spool())
        await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<2_000 { group.addTask { try await writer.append([Self.entry(number)]) } }
        }
        #expect(await store.rows.count == 2_000)
        // Far fewer transactions than predictions: batches formed while earlier ones committed.
        #expect(await store.transactions < 1_000)
    }

    @Test func outageSpoolsAndReplayLosesNothing() async throws {
        let store = FlakyStore()
        let spool = try spool()
        let writer = PredictionsLogWriter(store: store, spool: spool)
        for number in 0..<100 { try await writer.append([Self.entry(number)]) }
        await store.setAvailable(false)
        for number in 100..<350 { try await writer.append([Self.entry(number)]) }
        #expect(await writer.isDegraded)
        #expect(spool.pendingCount() == 250)
        #expect(await store.rows.count == 100)
        // Still away: replay moves nothing and keeps the spool.
        #expect(await writer.replaySpool() == 0)
        await store.setAvailable(true)
        #expect(await writer.replaySpool() == 250)
        #expect(await !writer.isDegraded)
        #expect(await store.rows.count == 350)
        #expect(spool.files().isEmpty)
        // Back to direct commits.
        try await writer.append([Self.entry(350)])
        #expect(await store.rows.count == 351)
    }

    @Test func spoolRoundTripsEntriesExactly() throws {
        let spool = try spool()
        let entries = (0..<5).map(Self.entry)
        try spool.write(entries)
        let files = spool.files()
        #expect(files.count == 1)
        #expect(try spool.read(files[0]) == entries)
    }
}
