import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// `backup`, `restore` and `privacy` through the real executable: the round trip on SQLite and on
/// PostgreSQL, the refusals a user sees (a live home, a live database, the wrong engine), and
/// export and erasure of one customer.
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

    }

    /// The same round trip on PostgreSQL: `backup` runs pg_dump, `restore` pg_restore into the new,
    /// empty database CHURNGUARD_DATABASE_URL names, and refuses one that holds tables.
    @Test func backupAndRestoreOnPostgreSQLThroughTheCLI() async throws {
        try TestRequirement.postgreSQL.check()
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home").path
        let backup = directory.appendingPathComponent("backup").path
        let restored = directory.appendingPathComponent("restored").path
        let source = try await PostgresTestServer.shared.makeDatabaseURL(), target = try await PostgresTestServer.shared.makeDatabaseURL()
        try await withStore(StoreConfiguration.resolve(home: home, environment: ["CHURNGUARD_DATABASE_URL": source])) { store in
            try await CampaignFixtures.seed(store, customers: 5)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_DATABASE_URL"] = source
        let made = try await CLIProcess.run(["backup", "--home", home, "--out", backup], environment: environment)
        #expect(made.status == 0, "\(made.standardError)")
        #expect(FileManager.default.fileExists(atPath: backup + "/churnguard.pgdump"))

        // Into the live database: refused, naming what is there; no home appears.
        let overLive = try await CLIProcess.run(["restore", "--from", backup, "--home", restored], environment: environment)
        #expect(overLive.status != 0)
        #expect(overLive.standardError.contains("holds") && overLive.standardError.contains("empty database"), "\(overLive.standardError)")
        #expect(!FileManager.default.fileExists(atPath: restored))

        environment["CHURNGUARD_DATABASE_URL"] = target
        let restoredRun = try await CLIProcess.run(["restore", "--from", backup, "--home", restored], environment: environment)
        #expect(restoredRun.status == 0, "\(restoredRun.standardError)")
        #expect(restoredRun.standardOutput.contains("pg_restore into the empty database done"))
        let exported = try await CLIProcess.run(["privacy", "export", "cust-00001", "--home", restored], environment: environment)
        #expect(exported.status == 0, "\(exported.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(exported.standardOutput.utf8)) as? [String: Any]
        #expect(document?["customer_id"] as? String == "cust-00001" && document?["row_count"] as? Int == 2)

        // A SQLite backup is not restored into PostgreSQL, and the message says what to change.
        environment["CHURNGUARD_DATABASE_URL"] = nil
        let sqliteHome = directory.appendingPathComponent("sqlite-home").path, sqliteBackup = directory.appendingPathComponent("sqlite-backup").path
        #expect(try await CLIProcess.run(["backup", "--home", sqliteHome, "--out", sqliteBackup], environment: environment).status == 0)
        environment["CHURNGUARD_DATABASE_URL"] = try await PostgresTestServer.shared.makeDatabaseURL()
        let mismatch = try await CLIProcess.run(["restore", "--from", sqliteBackup, "--home", directory.appendingPathComponent("x").path], environment: environment)
        #expect(mismatch.status != 0 && mismatch.standardError.contains("unset CHURNGUARD_DATABASE_URL"), "\(mismatch.standardError)")
    }
}
