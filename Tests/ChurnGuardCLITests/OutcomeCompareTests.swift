import ChurnStore
import Foundation
import Testing

/// `ingest` copies the raw tables into the store (a second load adds nothing), and `models compare
/// --outcomes` labels production's and the shadow's logged scores with the churn loaded since.
@Suite(.serialized) struct OutcomeCompareTests {
    @Test func rawTablesLoadOnceAndLabelTheShadowComparison() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        let features = directory.appendingPathComponent("features.csv").path
        let home = directory.appendingPathComponent("home").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "1500", "--months", "6", "--out", raw]))
        try await BatchScoringTests.check(CLIProcess.run(["features", "--data", raw, "--as-of", "2025-02-01,2025-03-01,2025-04-01,2025-05-01",
                                                    "--horizon", "30d", "--out", features, "--skip-quality-gate"]))
        for (version, depth) in [("cmp-a", "2"), ("cmp-b", "4")] {
            try await BatchScoringTests.check(CLIProcess.run([
                "train", "--budget", "0", "--features", features, "--out", directory.appendingPathComponent(version).path, "--version", version,
                "--param", "nthread=2", "--param", "max_depth=\(depth)", "--param", "num_boost_round=20"]))
        }

        let first = try await BatchScoringTests.check(CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-03-01", "--home", home]))
        let match = try #require(first.standardOutput.firstMatch(of: /raw tables: (\d+) rows read, (\d+) new, 0 already stored/), "\(first.standardOutput)")
        #expect(match.1 == match.2)
        let again = try await BatchScoringTests.check(CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-03-01", "--home", home]))
        #expect(again.standardOutput.contains("raw tables: \(match.1) rows read, 0 new, \(match.1) already stored"), "\(again.standardOutput)")

        try await BatchScoringTests.withStore(home: home) { store in
            let customers = try await store.rawTables.count(RawTableSpec.all[0])
            #expect(customers == 1_500)
            #expect(try await store.rawTables.lastActivityDay()?.hasPrefix("2025-06") == true)
            for version in ["cmp-a", "cmp-b"] {
                try await store.modelRegistry.registerCandidate(
                    version: version, metricsJSON: "{}", bundlePath: directory.appendingPathComponent(version).path, actor: "test")
            }
            try await store.modelRegistry.setStage("cmp-a", to: .production, actor: "test")
            try await store.modelRegistry.setStage("cmp-b", to: .shadow, actor: "test")
        }
        try await BatchScoringTests.check(CLIProcess.run(["score", "--as-of", "2025-03-01", "--home", home, "--no-reasons"]))

        let compare = try await BatchScoringTests.check(CLIProcess.run(["models", "compare", "--outcomes", "--horizon", "90", "--home", home]))
        #expect(compare.standardOutput.contains("scored by both (2025-03-01)"), "\(compare.standardOutput)")
        let auc = try #require(compare.standardOutput.firstMatch(of: /ROC-AUC\s+(0\.\d+)\s+(0\.\d+)/), "\(compare.standardOutput)")
        #expect(Double(auc.1)! > 0.6 && Double(auc.2)! > 0.6)

        let tooEarly = try await CLIProcess.run(["models", "compare", "--outcomes", "--horizon", "200", "--home", home])
        #expect(tooEarly.status != 0)
        #expect(tooEarly.standardError.contains("no outcomes yet"), "\(tooEarly.standardError)")
    }
}
