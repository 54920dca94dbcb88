import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// Issue 4's scale-out test: three `score --coordinated` processes share one real PostgreSQL, one is
/// killed with SIGKILL mid-run, and every customer is still scored exactly once.
@Suite(.serialized, .requires(.postgreSQL))
struct CoordinatedScoringTests {
    static let asOf = "2025-06-01"
    static let version = "coordinated"

    static func worker(home: String, environment: [String: String]) throws -> ChildProcess {
        try CLIProcess.spawn(["score", "--as-of", asOf, "--home", home, "--coordinated", "--chunk", "40", "--lease", "3", "--workers", "1"],
                             environment: environment)
    }

    @Test func threeWorkersOneKilledEveryCustomerScoredOnce() async throws {
        let url = try await PostgresTestServer.shared.makeDatabaseURL()
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_DATABASE_URL"] = url
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        let features = directory.appendingPathComponent("features.csv").path
        let bundle = directory.appendingPathComponent("model").path
        let home = directory.appendingPathComponent("home").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "2000", "--months", "6", "--out", raw]))
        try await BatchScoringTests.check(CLIProcess.run(["features", "--data", raw, "--as-of", "2025-03-01,2025-04-01,2025-05-01,2025-06-01",
                                                    "--horizon", "30d", "--out", features, "--skip-quality-gate"]))
        try await BatchScoringTests.check(CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", bundle, "--version", Self.version,
                                                    "--param", "nthread=2", "--param", "max_depth=4", "--param", "num_boost_round=40"]))
        let configuration = StoreConfiguration.resolve(home: home, environment: ["CHURNGUARD_DATABASE_URL": url])
        let ingested = try await Self.ingestAndPromote(raw: raw, bundle: bundle, home: home, environment: environment, configuration: configuration)

        // Three workers; the first dies (SIGKILL, by a failpoint) right after claiming its second chunk,
        // holding that chunk's lease.
        var dying = environment
        dying["CHURNGUARD_FAILPOINT"] = "score-crash-after-claims:2"
        let workers = try [Self.worker(home: home, environment: dying)] + (1..<3).map { _ in try Self.worker(home: home, environment: environment) }
        let killed = await workers[0].result()
        #expect(killed.signaled, "the first worker did not die with a lease: \(killed.errors)")
        #expect(killed.errors.contains("failpoint: dying with the lease of chunk"), "\(killed.errors)")

        var survivorsLog = ""
        for worker in workers.dropFirst() {
            let ended = await worker.result()
            survivorsLog += ended.errors
            #expect(ended.status == 0, "\(ended.errors)")
        }

        let store = try await ChurnStore.open(configuration)
        do {
            #expect(try await store.predictionsLog.count(asOf: Self.asOf, modelVersion: Self.version) == ingested)
            #expect(try await store.predictionsLog.scoredCustomers(asOf: Self.asOf) == ingested)
            let progress = try await store.scoreChunks.progress(asOf: Self.asOf, modelVersion: Self.version)
            #expect(progress.done == progress.chunks && progress.chunks > 3)
            #expect(progress.scored == ingested)
            let chunks = try await store.scoreChunks.chunks(asOf: Self.asOf, modelVersion: Self.version)
            // The killed worker's second chunk was taken over by a survivor once its lease expired.
            #expect(chunks.contains { $0.claims > 1 }, "\(survivorsLog)")
            #expect(survivorsLog.contains("taken over from a worker whose lease expired"))
            print("coordinated scoring: \(chunks.count) chunks, owners \(Set(chunks.compactMap(\.owner)).count), taken over \(chunks.filter { $0.claims > 1 }.count)")
        } catch {
            try? await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    static func ingestAndPromote(
        raw: String, bundle: String, home: String, environment: [String: String], configuration: StoreConfiguration
    ) async throws -> Int {
        let ingest = try await CLIProcess.run(["ingest", "--data", raw, "--as-of", asOf, "--home", home], environment: environment)
        let text = ingest.standardOutput
        #expect(ingest.status == 0, "\(text)\(ingest.standardError)")
        let match = try #require(text.firstMatch(of: /ingested (\d+) customer snapshots/))
        let store = try await ChurnStore.open(configuration)
        do {
            try await store.modelRegistry.registerCandidate(version: version, metricsJSON: "{}", bundlePath: bundle, actor: "test")
            try await store.modelRegistry.setStage(version, to: .production, actor: "test", reason: "coordinated scoring test")
        } catch {
            try? await store.shutdown()
            throw error
        }
        try await store.shutdown()
        return try #require(Int(match.1))
    }
}
