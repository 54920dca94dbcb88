import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Synchronization
import Testing

/// `churnguard backup` and `restore` on real SQLite files: a backup taken while another store on the
/// same file logs predictions holds every prediction acknowledged before it began, restores into a
/// new home that passes `PRAGMA integrity_check`, with the bundles and spool and the registry
/// pointing at the new home; damaged backups and non-empty homes are refused.
@Suite struct HomeBackupTests {
    /// Ids whose `append` has returned: acknowledged to the caller, as the writer acknowledges a request.
    final class Acknowledged: Sendable {
        let ids = Mutex<[UUID]>([])
        func add(_ new: [UUID]) { ids.withLock { $0 += new } }
        var snapshot: [UUID] { ids.withLock { $0 } }
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    /// A registered bundle directory and a spooled batch, as a serving home has them.
    static func furnish(_ home: String, store: ChurnStore) async throws {
        let bundle = HomeBackupTests.bundlesDirectory(home) + "/v1"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        try Data(#"{"learner": {}}"#.utf8).write(to: URL(fileURLWithPath: bundle + "/model.json"))
        try Data(#"{"version": "v1"}"#.utf8).write(to: URL(fileURLWithPath: bundle + "/manifest.json"))
        try await store.modelRegistry.registerCandidate(version: "v1", metricsJSON: "{}", bundlePath: bundle, actor: "test")
        try FileManager.default.createDirectory(atPath: home + "/spool", withIntermediateDirectories: true)
        try Data("{\"spooled\": true}\n".utf8).write(to: URL(fileURLWithPath: home + "/spool/00000000000000000001-x.jsonl"))
    }

    static func bundlesDirectory(_ home: String) -> String {
        URL(fileURLWithPath: home).appendingPathComponent("bundles").standardizedFileURL.path
    }

    static func records(_ batch: Int) -> [PredictionRecord] {
        (0..<25).map { i in
            PredictionRecord(customerID: "cust-\(batch)-\(i)", churnProbability: 0.5, churnRiskLevel: "MEDIUM", modelVersion: "v1",
                             inferenceFeaturesJSON: #"{"mrr": \#(i)}"#)
        }
    }

    /// SQLite plain and sealed under a data key (the restore is given the same key, as the CLI is),
    /// and PostgreSQL sealed (`pg_dump`, then `pg_restore` into a new database).
    @Test(arguments: [(false, false), (false, true), (true, true)])
    func backupUnderWriteLoadRestoresEveryAcknowledgedPrediction(postgres: Bool, sealed: Bool) async throws {
        let home = Self.temporary("backup-home"), out = Self.temporary("backup-out"), restored = Self.temporary("backup-restored")
        defer { for path in [home, out, restored] { try? FileManager.default.removeItem(atPath: path) } }
        var environment = sealed ? [DataKeySource.keyVariable: Data((0..<32).map { UInt8($0) }).base64EncodedString()] : [:]
        var restoredEnvironment = environment
        if postgres {
            try TestRequirement.postgreSQL.check()
            environment["CHURNGUARD_DATABASE_URL"] = try await PostgresTestServer.shared.makeDatabaseURL()
            restoredEnvironment["CHURNGUARD_DATABASE_URL"] = try await PostgresTestServer.shared.makeDatabaseURL()
        }
        let configuration = StoreConfiguration.resolve(home: home, environment: environment)
        let restoredURL = restoredEnvironment["CHURNGUARD_DATABASE_URL"]
        let acknowledged = Acknowledged()
        var acknowledgedBefore: [UUID] = []
        var duringBackup = 0
        try await withStore(configuration) { server in
            try await Self.furnish(home, store: server)
            // The server's store logs predictions without pause; the backup uses a store of its own, as the CLI does.
            let load = Task {
                var batch = 0
                while !Task.isCancelled {
                    let records = Self.records(batch)
                    try await server.predictionsLog.append(records)
                    acknowledged.add(records.map(\.predictionID))
                    batch += 1
                }
            }
            // Bounded, so a failing writer fails the test instead of hanging it.
            for _ in 0..<12_000 where acknowledged.snapshot.count < 1_000 { try await Task.sleep(for: .milliseconds(5)) }
            try #require(acknowledged.snapshot.count >= 1_000, "the writer stopped before logging 1,000 predictions")
            try await withStore(configuration) { backupStore in
                acknowledgedBefore = acknowledged.snapshot
                let manifest = try await HomeBackup.create(store: backupStore, home: home, out: out)
                duringBackup = acknowledged.snapshot.count - acknowledgedBefore.count
                #expect(manifest.files.map(\.path).contains(postgres ? "churnguard.pgdump" : "churnguard.sqlite"))
                #expect(manifest.engine == (postgres ? .postgresql : .sqlite))
                #expect(manifest.files.map(\.path).contains("bundles/v1/model.json"))
                #expect(manifest.files.map(\.path).contains("spool/00000000000000000001-x.jsonl"))
            }
            load.cancel()
            _ = try? await load.value
        }
        print("backup under load: \(acknowledgedBefore.count) predictions acknowledged before, \(duringBackup) during the backup")

        #expect(duringBackup > 0, "no prediction was logged while the backup ran: the test did not load it")

        if postgres {
            // Never over a live database: the source still holds its tables.
            await #expect(throws: StoreError.self) {
                try await HomeRestore.restore(from: out, into: restored, databaseURL: environment["CHURNGUARD_DATABASE_URL"], dataKeys: configuration.dataKeys)
            }
            #expect(!FileManager.default.fileExists(atPath: restored))
            // A PostgreSQL backup needs a database to go into.
            await #expect(throws: BackupError.engineMismatch(backup: .postgresql)) { try await HomeRestore.restore(from: out, into: restored) }
            // Restored without the data key, the store does not open: the error says the database was written to.
            let spare = try await PostgresTestServer.shared.makeDatabaseURL()
            await #expect {
                try await HomeRestore.restore(from: out, into: restored, databaseURL: spare)
            } throws: { error in
                guard case .restoredDatabaseUnusable(let reason) = error as? BackupError else { return false }
                return reason.contains("key")
            }
            #expect(!FileManager.default.fileExists(atPath: restored))
        } else if sealed {
            // Without its key the sealed store does not open: the restore says so and leaves no home.
            await #expect(throws: DataKeyError.self) { try await HomeRestore.restore(from: out, into: restored) }
            #expect(!FileManager.default.fileExists(atPath: restored))
        }
        try await HomeRestore.restore(from: out, into: restored, databaseURL: restoredURL, dataKeys: configuration.dataKeys)
        try await withStore(StoreConfiguration.resolve(home: restored, environment: restoredEnvironment)) { store in
            #expect(try await store.integrityProblems() == [])
            // PostgreSQL checks its own pages: every heap and index of the restored database.
            if let restoredURL { try PostgresTestServer.amcheck(url: restoredURL) }
            var missing = 0
            for id in acknowledgedBefore {
                if try await store.predictionsLog.prediction(id: id) == nil { missing += 1 }
            }
            #expect(missing == 0, "acknowledged predictions missing from the restored store")
            // The restored rows open under the key: their features read back as logged.
            let firstID = try #require(acknowledgedBefore.first)
            let first = try #require(try await store.predictionsLog.prediction(id: firstID))
            #expect(first.inferenceFeaturesJSON.replacingOccurrences(of: " ", with: "") == #"{"mrr":0}"#)
            // The registry finds its bundle in the new home.
            let bundle = try #require(try await store.modelRegistry.version("v1")).bundlePath
            #expect(bundle == Self.bundlesDirectory(restored) + "/v1")
            #expect(FileManager.default.fileExists(atPath: bundle + "/model.json"))
        }
        #expect(FileManager.default.fileExists(atPath: restored + "/spool/00000000000000000001-x.jsonl"))
    }

    @Test func damagedBackupsAndNonEmptyHomesAreRefusedWithoutTouchingTheHome() async throws {
        let home = Self.temporary("backup-home"), out = Self.temporary("backup-out"), target = Self.temporary("backup-target")
        defer { for path in [home, out, target] { try? FileManager.default.removeItem(atPath: path) } }
        try await withStore(StoreConfiguration.resolve(home: home, environment: [:])) { store in
            try await Self.furnish(home, store: store)
            try await store.predictionsLog.append(Self.records(0))
            try await HomeBackup.create(store: store, home: home, out: out)
            // A second backup never writes into an existing directory.
            await #expect(throws: BackupError.outputExists(path: out)) { try await HomeBackup.create(store: store, home: home, out: out) }
        }
        // Restoring over a live home is refused, and the home is left as it was.
        let before = try FileManager.default.contentsOfDirectory(atPath: home).sorted()
        await #expect(throws: BackupError.homeNotEmpty(path: home)) { try await HomeRestore.restore(from: out, into: home) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).sorted() == before)

        // One flipped byte in the database is caught by its checksum; nothing appears at the target.
        let database = out + "/churnguard.sqlite"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: database))
        await #expect(throws: BackupError.checksumMismatch(file: "churnguard.sqlite")) { try await HomeRestore.restore(from: out, into: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
        let parent = (target as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.contains((target as NSString).lastPathComponent) } == [])

        // A directory without a manifest is not a backup.
        try FileManager.default.removeItem(atPath: out + "/manifest.json")
        await #expect(throws: BackupError.notABackup(path: out, reason: "no manifest.json")) { try await HomeRestore.restore(from: out, into: target) }
    }
}
