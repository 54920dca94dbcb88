import Foundation
import Testing

/// `features --data` through the real executable when an event table is out of customers.csv
/// order: it says which table, reads the tables whole, and writes the table the streamed read writes.
@Suite struct FeaturesCommandTests {
    @Test func anEventTableOutOfOrderFallsBackToTheWholeTablesWithTheSameResult() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        let streamed = directory.appendingPathComponent("streamed.csv").path
        let whole = directory.appendingPathComponent("whole.csv").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "200", "--months", "6", "--seed", "4", "--out", raw]))
        let arguments = ["features", "--data", raw, "--as-of", "2025-03-01,2025-05-01", "--horizon", "30d",
                         "--chunk-customers", "16", "--skip-quality-gate"]
        let first = try await BatchScoringTests.check(CLIProcess.run(arguments + ["--out", streamed]))
        #expect(!first.standardError.contains("warning: reading the raw tables whole"))

        // Reverse the engagement rows: customers.csv's last customer now comes first.
        let path = raw + "/engagement_daily.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines.removeFirst()
        try ([header] + lines.reversed()).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        let second = try await BatchScoringTests.check(CLIProcess.run(arguments + ["--out", whole]))
        #expect(second.standardError.contains("engagement_daily.csv: rows of customer"))
        #expect(second.standardError.contains("warning: reading the raw tables whole instead"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: whole)) == Data(contentsOf: URL(fileURLWithPath: streamed)))
        #expect(try String(contentsOfFile: whole, encoding: .utf8).split(separator: "\n").count > 200)
    }
}
