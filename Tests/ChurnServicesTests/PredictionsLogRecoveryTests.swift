import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Synchronization
import Testing

/// A real SQLite predictions log locked by another process while predictions keep arriving: the
/// writer spools during the lock, and once the lock is gone new batches go to the database again
/// under the same load, while the spool drains behind them. Every entry ends in the log exactly once.
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

        // Another process takes the write lock and holds it until the test has seen the writer spool.
        let locker = try await PredictionsLogDegradedStateTests.lock(home)
        try await Self.waitUntil(seconds: 60) { await writer.isDegraded }
        #expect(await writer.isDegraded, "the writer never noticed the lock")
        try await PredictionsLogDegradedStateTests.release(home, locker)

        // Still under load, the degraded state must end. (Under the old rule, only an empty spool
        // ended it, which never happens while clients keep writing.)
        let released = ContinuousClock.now
        try await Self.waitUntil(seconds: 120) { await !writer.isDegraded }
        #expect(await !writer.isDegraded, "still degraded 120 s after the lock was released, under load")
        let committedBefore = await writer.committedBatches
        try await Self.waitUntil(seconds: 120) { await writer.committedBatches > committedBefore }
        #expect(await writer.committedBatches > committedBefore, "new batches did not go to the database")
        print("degraded mode ended \(ContinuousClock.now - released) after the lock was released")

        stop.set()
        let appended = try await load.value
        // The spool drains behind; then every entry is in the log once.
        for _ in 0..<600 where await writer.spooledBatches > 0 { try await Task.sleep(for: .milliseconds(100)) }
        replay.cancel()
        #expect(await writer.spooledBatches == 0)
        var missing = 0
        for id in appended where try await store.predictionsLog.prediction(id: UUID(uuidString: id)!) == nil { missing += 1 }
        #expect(!appended.isEmpty)
        #expect(missing == 0, "\(missing) of \(appended.count) answered predictions are not in the log")
        try await store.shutdown()
    }

    /// Polls `condition` every 20 ms for up to `seconds`: the machine may be loaded, the bound is generous.
    static func waitUntil(seconds: Int, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while await !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
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

/// The writer's degraded state seen from outside: its log lines, its spool depth, and a spool that
/// cannot be written either.
@Suite struct PredictionsLogDegradedStateTests {
    @Test func enteringAndLeavingDegradedModeIsLoggedAndTheSpoolDepthReported() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("degraded-\(UUID().uuidString)").path
        var options = ChurnStore.Options()
        options.busyTimeoutMilliseconds = 100
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]), options: options)
        let logs = CapturedLogs()
        let depths = Mutex<[Int]>([])
        let writer = PredictionsLogWriter(
            store: StorePredictionLog(store: store), spool: try PredictionSpool(directory: home + "/spool"), logger: logs.logger,
            spoolDepthChanged: { depth in depths.withLock { $0.append(depth) } })

        let locker = try await Self.lock(home)
        try await writer.append([PredictionsLogRecoveryTests.entry()])
        try await writer.append([PredictionsLogRecoveryTests.entry()])
        #expect(await writer.isDegraded)
        #expect(depths.withLock { $0 } == [0, 1, 2], "spool depth reported: \(depths.withLock { $0 })")
        try await Self.release(home, locker)

        #expect(await writer.replaySpool() == 2)
        #expect(await !writer.isDegraded)
        #expect(depths.withLock { $0.last } == 0)
        let lines = logs.all
        #expect(lines.contains { $0.level == .warning && $0.message.hasPrefix("predictions log unavailable") }, "\(lines)")
        #expect(lines.contains { $0.level == .notice && $0.message.hasPrefix("predictions log available again") }, "\(lines)")
        try await store.shutdown()
    }

    @Test func withNothingSpooledDegradedModeEndsOnceTheDatabaseIsBack() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("degraded-\(UUID().uuidString)").path
        var options = ChurnStore.Options()
        options.busyTimeoutMilliseconds = 100
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]), options: options)
        let spoolDirectory = home + "/spool"
        let writer = PredictionsLogWriter(store: StorePredictionLog(store: store), spool: try PredictionSpool(directory: spoolDirectory))

        // The database locked and the spool unwritable (a file where its directory was): the batch is refused.
        let locker = try await Self.lock(home)
        try FileManager.default.removeItem(atPath: spoolDirectory)
        _ = FileManager.default.createFile(atPath: spoolDirectory, contents: Data("not a directory".utf8))
        await #expect(throws: (any Error).self) { try await writer.append([PredictionsLogRecoveryTests.entry()]) }
        #expect(await writer.isDegraded)
        try await Self.release(home, locker)

        // Nothing to replay, and the database answers: predictions are logged again.
        await writer.replaySpool()
        #expect(await !writer.isDegraded)
        let entry = PredictionsLogRecoveryTests.entry()
        try await writer.append([entry])
        #expect(try await store.predictionsLog.prediction(id: UUID(uuidString: entry.predictionID)!) != nil)
        try await store.shutdown()
    }

    /// Another process holds the database's write lock until ``release(_:_:)``.
    static func lock(_ home: String) async throws -> ChildProcess {
        let script = """
            .timeout 5000
            BEGIN EXCLUSIVE;
            .shell touch '\(home)/LOCKED'
            .shell while [ ! -e '\(home)/RELEASE' ]; do sleep 0.05; done
            COMMIT;
            """
        let locker = try ChildProcess.spawn(["sqlite3", home + "/churnguard.sqlite"], input: Data(script.utf8))
        try await PredictionsLogRecoveryTests.waitUntil(seconds: 60) { FileManager.default.fileExists(atPath: home + "/LOCKED") }
        #expect(FileManager.default.fileExists(atPath: home + "/LOCKED"), "sqlite3 did not take the lock: \(locker.errors())")
        return locker
    }

    static func release(_ home: String, _ locker: ChildProcess) async throws {
        _ = FileManager.default.createFile(atPath: home + "/RELEASE", contents: nil)
        _ = await locker.result()
    }
}
