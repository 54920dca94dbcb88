import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// `backup`, `restore` and `privacy` through the real executable: the round trip, the refusals a
/// user sees (a live home, PostgreSQL), and export and erasure of one customer.
@Suite struct DataProtectionCommandsTests {
    @Test func backupRestoreExportAndEraseThroughTheCLI() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home").path
        let backup = directory.appendingPathComponent("backup").path
        let restored = directory.appendingPathComponent("restored").path
        try await withStore(StoreConfiguration.resolve(home: home, environment: [:])) { store in
            try await CampaignFixtures.seed(store, customers: 5)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_DATABASE_URL"] = nil

        let made = try await CLIProcess.run(["backup", "--home", home, "--out", backup], environment: environment)
        #expect(made.status == 0, "\(made.standardError)")
        #expect(made.standardOutput.contains("backup written to \(backup)"))

        let overLive = try await CLIProcess.run(["restore", "--from", backup, "--home", home], environment: environment)
        #expect(overLive.status != 0)
        #expect(overLive.standardError.contains("--home") && overLive.standardError.contains("not empty"))

        let restoredRun = try await CLIProcess.run(["restore", "--from", backup, "--home", restored], environment: environment)
        #expect(restoredRun.status == 0, "\(restoredRun.standardError)")
        #expect(restoredRun.standardOutput.contains("integrity_check ok"))

        let exported = try await CLIProcess.run(["privacy", "export", "cust-00001", "--home", restored], environment: environment)
        #expect(exported.status == 0, "\(exported.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(exported.standardOutput.utf8)) as? [String: Any]
        #expect(document?["customer_id"] as? String == "cust-00001" && document?["row_count"] as? Int == 2)

        let erased = try await CLIProcess.run(["privacy", "erase", "cust-00001", "--home", restored], environment: environment)
        #expect(erased.status == 0 && erased.standardOutput.contains("erased (tombstone erasure:"))
        #expect(!erased.standardOutput.contains("cust-00001"))
        let again = try await CLIProcess.run(["privacy", "erase", "cust-00001", "--home", restored], environment: environment)
        #expect(again.standardOutput.contains("nothing held"))

        // On PostgreSQL the command says what to do instead, before connecting anywhere.
        environment["CHURNGUARD_DATABASE_URL"] = "postgres://churnguard@127.0.0.1:1/churnguard"
        let onPostgres = try await CLIProcess.run(["backup", "--home", home, "--out", directory.appendingPathComponent("pg").path], environment: environment)
        #expect(onPostgres.status != 0)
        #expect(onPostgres.standardError.contains("pg_dump --format=custom"))
    }
}
