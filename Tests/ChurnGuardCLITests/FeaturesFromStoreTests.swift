import ChurnTestSupport
import Foundation
import Testing

/// `features --from-store` through the real executable: after `ingest`, the store's raw tables give
/// the table `features --data` gives, line for line (customer_id order instead of customers.csv
/// order), with the same schema, on SQLite and on PostgreSQL.
@Suite(.serialized) struct FeaturesFromStoreTests {
    enum Engine: String, CaseIterable, Sendable { case sqlite, postgres }

    @Test(arguments: Engine.allCases)
    func theStoreGivesTheTableTheFilesGive(engine: Engine) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_DATABASE_URL"] = nil
        if engine == .postgres {
            try TestRequirement.postgreSQL.check()
            environment["CHURNGUARD_DATABASE_URL"] = try await PostgresTestServer.shared.makeDatabaseURL()
        }
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        let home = directory.appendingPathComponent("home").path
        let fromFiles = directory.appendingPathComponent("files.csv").path
        let fromStore = directory.appendingPathComponent("store.csv").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "400", "--months", "6", "--seed", "3", "--out", raw]))
        try await BatchScoringTests.check(CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-06-01", "--home", home], environment: environment))
        let files = try await BatchScoringTests.check(CLIProcess.run(
            ["features", "--data", raw, "--as-of", "monthly", "--horizon", "30d", "--chunk-customers", "50",
             "--max-outlier-share", "0.05", "--out", fromFiles]))
        // The store has no manifest: the window comes from the command line, as manifest.json gives it to --data.
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: raw + "/manifest.json"))) as? [String: Any])
        let start = try #require(manifest["start"] as? String)
        let end = try #require(manifest["end"] as? String)
        let store = try await BatchScoringTests.check(CLIProcess.run(
            ["features", "--from-store", "--home", home, "--data-start", start, "--data-end", end, "--as-of", "monthly",
             "--horizon", "30d", "--chunk-customers", "64", "--max-outlier-share", "0.05", "--out", fromStore], environment: environment))
        // A few hundred customers have more |z| > 4 slopes than the 1% a full table allows.
        #expect(store.standardError.contains("raw tables passed the data-quality gate"))
        #expect(store.standardError.contains("feature table passed the data-quality gate"))
        // The same counts: "wrote FILE: N rows (…)" and "excluded: …".
        let counts = { (output: String) in output.split(separator: "\n").prefix(2).map { $0.split(separator: ":").dropFirst().joined(separator: ":") } }
        #expect(counts(store.standardOutput) == counts(files.standardOutput))

        let fileLines = try String(contentsOfFile: fromFiles, encoding: .utf8).split(separator: "\n")
        let storeLines = try String(contentsOfFile: fromStore, encoding: .utf8).split(separator: "\n")
        #expect(fileLines.count > 1000)
        #expect(storeLines.first == fileLines.first)
        #expect(storeLines.dropFirst().sorted() == fileLines.dropFirst().sorted())
        #expect(try Data(contentsOf: URL(fileURLWithPath: fromStore + ".schema.json")) == Data(contentsOf: URL(fileURLWithPath: fromFiles + ".schema.json")))
    }

    @Test func theSourceMustBeFilesOrTheStore() async throws {
        let neither = try await CLIProcess.run(["features", "--as-of", "monthly", "--out", "/tmp/never.csv"])
        #expect(neither.status != 0)
        #expect(neither.standardError.contains("give either --data DIR (CSV files) or --from-store"))
        let both = try await CLIProcess.run(["features", "--data", "/tmp", "--from-store", "--as-of", "monthly", "--out", "/tmp/never.csv"])
        #expect(both.status != 0)
        #expect(both.standardError.contains("give either --data DIR"))
    }
}
