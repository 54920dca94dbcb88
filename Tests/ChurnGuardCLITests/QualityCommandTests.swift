import ChurnData
import Foundation
import Testing

/// `quality` through the real executable reads the files a chunk of customers at a time; its
/// report is the one the tables read whole give, and a bad cell fails it naming the file.
@Suite struct QualityCommandTests {
    static let gate = DataQualityGate(thresholds: .init(minCompleteness: 0.995, maxInvalidShare: 0, maxOutlierShare: 0.01))

    @Test func theChunkedReportIsTheWholeTablesReport() async throws {
        let raw = try CLIProcess.temporaryDirectory().appendingPathComponent("raw").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "150", "--months", "5", "--seed", "12", "--out", raw]))
        let result = try await BatchScoringTests.check(CLIProcess.run(["quality", "--data", raw]))
        let whole = Self.gate.check(raw: try CustomerTables.load(directory: raw), subject: raw)
        #expect(whole.passed)
        #expect(result.standardOutput == whole.rendered() + "\n")
        #expect(result.standardError.contains("read engagement_daily.csv: "))
        #expect(!result.standardError.contains("reading the raw tables whole"))
    }

    @Test func aBadCellFailsTheReportNamingItsFile() async throws {
        let raw = try CLIProcess.temporaryDirectory().appendingPathComponent("raw").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "40", "--months", "3", "--seed", "2", "--out", raw]))
        let path = raw + "/transactions.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let amount = try #require(lines[0].split(separator: ",").firstIndex(of: "amount"))
        cells[amount] = "a lot"
        lines[1] = cells.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await CLIProcess.run(["quality", "--data", raw])
        #expect(result.status == 1)
        #expect(result.standardOutput == Self.gate.check(raw: try CustomerTables.load(directory: raw), subject: raw).rendered() + "\n")
        #expect(result.standardOutput.contains("transactions.csv"))
    }
}
