import ChurnStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// generate → features → train → ingest → register → score through the real executable, then the
/// crash test: `kill -9` a running `score`, run it again, and check every customer was scored once.
@Suite(.serialized) struct BatchScoringTests {
    static let asOf = "2025-06-01"

    struct CLIError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A home with an online store materialized for `asOf` from `customers` generated customers, and a
    /// small model registered and promoted to production. Returns the home and the ingested count.
    static func prepareHome(customers: Int, modelVersion: String) async throws -> (home: String, ingested: Int) {
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        let features = directory.appendingPathComponent("features.csv").path
        let bundle = directory.appendingPathComponent("model").path
        let home = directory.appendingPathComponent("home").path
        try await check(CLIProcess.run(["generate", "--customers", "\(customers)", "--months", "6", "--out", raw]))
        // Features for training: a few hundred customers are enough for a model, whatever the store holds.
        try await check(CLIProcess.run(["features", "--data", raw, "--as-of", "2025-03-01,2025-04-01,2025-05-01,2025-06-01",
                                  "--horizon", "30d", "--out", features, "--skip-quality-gate"]))
        // A small model: the test is about the log, not the model, and TreeSHAP is slow in a debug build.
        try await check(CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", bundle, "--version", modelVersion,
                                  "--param", "nthread=2", "--param", "max_depth=3", "--param", "num_boost_round=20"]))
        let ingest = try await check(CLIProcess.run(["ingest", "--data", raw, "--as-of", asOf, "--home", home]))
        let match = try #require(ingest.standardOutput.firstMatch(of: /ingested (\d+) customer snapshots/))
        let ingested = try #require(Int(match.1))

        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
        try await store.modelRegistry.registerCandidate(version: modelVersion, metricsJSON: "{}", bundlePath: bundle, actor: "test")
        try await store.modelRegistry.setStage(modelVersion, to: .production, actor: "test", reason: "batch scoring test")
        try await store.shutdown()
        return (home, ingested)
    }

    @discardableResult
    static func check(_ result: CLIProcess.Result) throws -> CLIProcess.Result {
        guard result.status == 0 else { throw CLIError("exit \(result.status): \(result.standardError)\(result.standardOutput)") }
        return result
    }

    static func withStore<R: Sendable>(home: String, _ body: (ChurnStore) async throws -> R) async throws -> R {
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
        do {
            let result = try await body(store)
            try await store.shutdown()
            return result
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    @Test func ingestAndScoreTwiceLogEachCustomerOnce() async throws {
        let (home, ingested) = try await Self.prepareHome(customers: 300, modelVersion: "batch-e2e")
        #expect(ingested > 100 && ingested <= 300)

        // Ingesting again changes nothing.
        let raw = (home as NSString).deletingLastPathComponent + "/raw"
        let again = try await Self.check(CLIProcess.run(["ingest", "--data", raw, "--as-of", Self.asOf, "--home", home]))
        #expect(again.standardOutput.contains("online store: \(ingested) customers"))

        let first = try await Self.check(CLIProcess.run(["score", "--as-of", Self.asOf, "--home", home, "--page", "64"]))
        #expect(first.standardOutput.contains("scored \(ingested) customers"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("predictions: \(ingested) new, 0 already logged"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("tiers: CRITICAL"))
        let second = try await Self.check(CLIProcess.run(["score", "--as-of", Self.asOf, "--home", home]))
        #expect(second.standardOutput.contains("predictions: 0 new, \(ingested) already logged"), "\(second.standardOutput)")

        try await Self.withStore(home: home) { store in
            #expect(try await store.predictionsLog.count(asOf: Self.asOf, modelVersion: "batch-e2e") == ingested)
            let someone = try #require(try await store.onlineFeatures.customerIDs(limit: 1).first)
            let history = try await store.predictionsLog.history(customerID: someone)
            #expect(history.count == 1)
            let record = try #require(history.first)
            #expect(record.servedBy == .production)
            #expect(record.asOf == Self.asOf)
            #expect(record.reasonsJSON?.hasPrefix("[{\"contribution\":") == true)
            #expect(try await store.batchRuns.list().allSatisfy { $0.status == .succeeded })
        }
    }

    @Test func clearErrorsWithoutModelOrFeatures() async throws {
        let home = try CLIProcess.temporaryDirectory().path
        let noModel = try await CLIProcess.run(["score", "--as-of", Self.asOf, "--home", home])
        #expect(noModel.status == 1)
        #expect(noModel.standardError.contains("churnguard models promote"), "\(noModel.standardError)")
        let badDate = try await CLIProcess.run(["score", "--as-of", "June", "--home", home])
        #expect(badDate.status != 0)
        #expect(badDate.standardError.contains("YYYY-MM-DD"))
    }

    @Test func killedRunResumesAndScoresEveryCustomerExactlyOnce() async throws {
        let version = "batch-crash"
        let (home, ingested) = try await Self.prepareHome(customers: Self.crashCustomers, modelVersion: version)
        #expect(ingested > Self.crashCustomers / 2)

        // A real run that SIGKILLs itself (a failpoint) after its second committed page, with more in flight.
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_FAILPOINT"] = "score-crash-after-pages:2"
        let process = try CLIProcess.spawn(["score", "--as-of", Self.asOf, "--home", home, "--page", "50", "--workers", "1"], environment: environment)
        let ended = await process.result()
        #expect(ended.signaled, "the run did not die at the failpoint: \(ended.errors)")
        #expect(ended.errors.contains("failpoint: dying after 2 committed pages"), "\(ended.errors)")

        let partial = try await Self.withStore(home: home) { try await $0.predictionsLog.count(asOf: Self.asOf, modelVersion: version) }
        #expect(partial > 0 && partial < ingested, "killed after \(partial) of \(ingested)")

        let resumed = try await Self.check(CLIProcess.run(["score", "--as-of", Self.asOf, "--home", home, "--page", "1000"]))
        #expect(resumed.standardOutput.contains("resumed an interrupted run"), "\(resumed.standardOutput)")
        #expect(resumed.standardOutput.contains("predictions: \(ingested - partial) new"), "\(resumed.standardOutput)")

        try await Self.withStore(home: home) { store in
            #expect(try await store.predictionsLog.count(asOf: Self.asOf, modelVersion: version) == ingested)
            // Exactly one per customer: every stored customer has one, and the count equals the customers.
            var after: String?
            var customers = 0
            while true {
                let page = try await store.onlineFeatures.customerIDs(after: after, limit: 5_000)
                guard let last = page.last else { break }
                customers += page.count
                after = last
            }
            #expect(customers == ingested)
            let runs = try await store.batchRuns.list()
            #expect(runs.count == 1)
            #expect(runs.first?.status == .succeeded)
            #expect(runs.first?.scored == ingested)
        }
    }

    static let crashCustomers = 5_000
}
