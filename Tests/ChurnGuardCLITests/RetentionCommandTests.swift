import ChurnStore
import Foundation
import Testing

@Suite struct RetentionCommandTests {
    @Test func purgesByThePolicyAndSaysWhatItNeedsWithoutOne() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home").path
        let engagement = try #require(RawTableSpec.all.first { $0.table == "raw_engagement_daily" })
        try await BatchScoringTests.withStore(home: home) { store in
            // Three days from 2020 and one from yesterday.
            let yesterday = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400)).prefix(10)
            _ = try await store.rawTables.insert(
                ["2020-01-01", "2020-01-02", "2020-01-03", String(yesterday)].map { ["c1", $0, "1", "1", "1", "0"] }, into: engagement)
        }
        let missing = try await CLIProcess.run(["retention", "--home", home])
        #expect(missing.status != 0 && missing.standardError.contains("no retention policy here; write one with any of predictions_log_months"), "\(missing.standardError)")

        let policy = (home as NSString).appendingPathComponent("retention.yaml")
        try "raw_activity_months: 2\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let tooShort = try await CLIProcess.run(["retention", "--home", home])
        #expect(tooShort.status != 0 && tooShort.standardError.contains("line 1: raw_activity_months: 2 is out of range 4…1200"), "\(tooShort.standardError)")

        try "raw_activity_months: 24\ndelivered_messages_days: 30\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let preview = try await BatchScoringTests.check(CLIProcess.run(["retention", "--home", home, "--dry-run"]))
        #expect(preview.standardOutput.contains("Would purge (dry run):") && preview.standardOutput.contains("raw_engagement_daily       3 rows"), "\(preview.standardOutput)")
        let purged = try await BatchScoringTests.check(CLIProcess.run(["retention", "--home", home, "--actor", "dpo"]))
        #expect(purged.standardOutput.contains("raw_engagement_daily       3 rows"), "\(purged.standardOutput)")
        try await BatchScoringTests.withStore(home: home) { store in
            #expect(try await store.rawTables.count(engagement) == 1)
            let audit = try await store.auditLog.entries()
            #expect(audit.contains { $0.action == "retention.purge" && $0.actor == "dpo" })
        }
    }
}
