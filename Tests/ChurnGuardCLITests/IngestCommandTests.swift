import ChurnStore
import Foundation
import Testing

/// `ingest` through the real executable: the CSV files are gated and materialized a chunk of
/// customers at a time; out of customers.csv order it reads them whole, with the same result; a
/// failing gate writes nothing.
@Suite struct IngestCommandTests {
    static func features(home: String) async throws -> [String: String] {
        try await BatchScoringTests.withStore(home: home) { store in
            var all: [String: String] = [:]
            for snapshot in try await store.onlineFeatures.snapshots(limit: 10_000) { all[snapshot.customerID] = snapshot.featuresJSON }
            return all
        }
    }

    @Test func anEventTableOutOfOrderIsReadWholeAndIngestsTheSameSnapshots() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "200", "--months", "6", "--seed", "8", "--out", raw]))
        let streamedHome = directory.appendingPathComponent("streamed").path
        let first = try await BatchScoringTests.check(CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-05-01", "--home", streamedHome, "--chunk-customers", "16"]))
        #expect(first.standardError.contains("checked 200/200 customers' raw rows"), "\(first.standardError)")
        #expect(!first.standardError.contains("reading the raw tables whole"))
        #expect(first.standardOutput.contains("online store: "))

        // Reverse the engagement rows: customers.csv's last customer now comes first.
        let path = raw + "/engagement_daily.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines.removeFirst()
        try ([header] + lines.reversed()).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        let wholeHome = directory.appendingPathComponent("whole").path
        let second = try await BatchScoringTests.check(CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-05-01", "--home", wholeHome, "--chunk-customers", "16"]))
        #expect(second.standardError.contains("warning: reading the raw tables whole instead"), "\(second.standardError)")

        let streamed = try await Self.features(home: streamedHome)
        #expect(streamed.count > 100)
        #expect(try await Self.features(home: wholeHome) == streamed)
    }

    @Test func aChunkOfNoCustomersIsRefusedNamingTheOption() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let result = try await CLIProcess.run(["ingest", "--data", directory.path, "--as-of", "2025-05-01",
                                               "--home", directory.appendingPathComponent("home").path, "--chunk-customers", "0"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--chunk-customers must be at least 1, got 0"), "\(result.standardError)")
    }

    @Test func aFailingGateWritesNothing() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw").path
        try await BatchScoringTests.check(CLIProcess.run(["generate", "--customers", "60", "--months", "4", "--seed", "3", "--out", raw]))
        // The first 39 engagement rows get a logins value that is not a number.
        let path = raw + "/engagement_daily.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let columns = lines[0].split(separator: ",").map(String.init)
        let logins = try #require(columns.firstIndex(of: "logins"))
        for index in 1..<min(lines.count, 40) where !lines[index].isEmpty {
            var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[logins] = "lots"
            lines[index] = cells.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let home = directory.appendingPathComponent("home").path
        let result = try await CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-03-01", "--home", home])
        #expect(result.status == 1)
        #expect(result.standardError.contains("raw tables failed the data-quality gate; nothing was ingested"), "\(result.standardError)")
        #expect(result.standardOutput.contains("engagement_daily.csv"), "\(result.standardOutput)")
        #expect(try await Self.features(home: home).isEmpty)
    }
}
