import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Synchronization
import Testing

/// A real SQLite predictions log locked by another process while predictions keep arriving: the
/// writer spools during the lock, and once the lock is gone new batches go to the database again
/// within seconds, under the same load, while the spool drains behind them. Every entry ends in
/// the log exactly once.
@Suite struct PredictionsLogRecoveryTests {
    @Test func degradedModeEndsSoonAfterTheLockIsReleasedEvenUnderLoad() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("recovery-\(UUID().uuidString)").path
        var options = ChurnStore.Options()
        options.busyTimeoutMilliseconds = 200
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]), options: options)
        let writer = PredictionsLogWriter(store: StorePredictionLog(store: store), spool: try PredictionSpool(directory: home + "/spool"))
        let replay = Task { await writer.runReplayLoop(interval: .milliseconds(100)) }

        // Steady load as from eight clients, each appending as soon as its last append returned.
        let stop = Flag()
        let load = Task { () -> [String] in
            try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var appended: [String] = []
                        while !stop.isSet {
                            let entry = Self.entry()
                            try await writer.append([entry])
                            appended.append(entry.predictionID)
                        }
                        return appended
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }

        // Another process takes the write lock for two seconds.
        try await Task.sleep(for: .milliseconds(300))
        let script = ".timeout 5000\nBEGIN EXCLUSIVE;\n.print locked\n.shell sleep 2\nCOMMIT;\n.print released\n"
        let locker = try ChildProcess.spawn(["sqlite3", home + "/churnguard.sqlite"], input: Data(script.utf8))
        var sawDegraded = false
        while !locker.output().contains("released") {
            if await writer.isDegraded { sawDegraded = true }
            try await Task.sleep(for: .milliseconds(20))
        }
        let released = ContinuousClock.now
        #expect(locker.output().contains("locked"), "sqlite3 did not take the lock: \(locker.errors())")
        #expect(sawDegraded, "the writer never noticed the lock")

        // Still under load: the degraded state must end within seconds of the release.
        while await writer.isDegraded, ContinuousClock.now - released < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let recoveredAfter = ContinuousClock.now - released
        #expect(await !writer.isDegraded, "still degraded 10 s after the lock was released")
        #expect(recoveredAfter < .seconds(5), "degraded for \(recoveredAfter) after the release")
        let committedBefore = await writer.committedBatches
        try await Task.sleep(for: .milliseconds(300))
        #expect(await writer.committedBatches > committedBefore, "new batches did not go to the database")

        stop.set()
        let appended = try await load.value
        // The spool drains behind; then every entry is in the log once.
        for _ in 0..<100 where await writer.spooledBatches > 0 { try await Task.sleep(for: .milliseconds(100)) }
        replay.cancel()
        #expect(await writer.spooledBatches == 0)
        var missing = 0
        for id in appended where try await store.predictionsLog.prediction(id: UUID(uuidString: id)!) == nil { missing += 1 }
        #expect(appended.count > 100)
        #expect(missing == 0, "\(missing) of \(appended.count) answered predictions are not in the log")
        _ = await locker.result()
        try await store.shutdown()
    }

    static func entry() -> PredictionLogEntry {
        PredictionLogEntry(
            predictionID: UUID().uuidString.lowercased(), customerID: "c-1", timestamp: Date(), churnProbability: 0.5,
            rawProbability: 0.4, riskLevel: "MEDIUM", modelVersion: "v1", topChurnFeature: "f", inferenceFeaturesJSON: #"{"f":1}"#,
            reasonsJSON: "[]", traceID: "t", servedBy: "production")
    }
}

/// A flag set once from one task and read from another.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
