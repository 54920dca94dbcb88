import ChurnTestSupport
import Foundation
import Logging
import SQLKit
import Testing
@testable import ChurnStore

/// PostgreSQL's predictions log is partitioned by month (migration 14). What the single table
/// guaranteed still holds: a batch rerun — later, even in another month — logs nothing new, a
/// spooled record replayed after its first write meets it, and retention drops whole months
/// nobody refers to while keeping the rows a campaign rests on.
@Suite("Store contract: predictions log partitions (PostgreSQL)") struct PredictionsLogPartitionContract {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func online(_ customer: String, at date: Date) -> PredictionRecord {
        PredictionRecord(customerID: customer, predictionTimestamp: date, churnProbability: 0.5, churnRiskLevel: "MEDIUM",
                         modelVersion: "v1", inferenceFeaturesJSON: #"{"tenure": 3}"#)
    }

    /// Where each customer's rows are, as `customer: [partition]`.
    static func placement(_ store: ChurnStore) async throws -> [String: [String]] {
        try await store.database.withConnection { db in
            try await db.raw("SELECT customer_id, tableoid::regclass::text AS part FROM predictions_log ORDER BY customer_id, part").all()
                .reduce(into: [String: [String]]()) { $0[try $1.decode(column: "customer_id", as: String.self), default: []].append(try $1.decode(column: "part", as: String.self)) }
        }
    }

    static func partitionNames(_ store: ChurnStore) async throws -> Set<String> {
        let listed = try await PredictionsLogPartitions(database: store.database).list()
        return Set(listed.months.map(\.partitionName) + (listed.hasDefault ? ["predictions_log_default"] : []))
    }

    static func scalar(_ store: ChurnStore, _ sql: SQLQueryString) async throws -> Int {
        try await store.database.withConnection { db in try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? -1 }
    }

    @Test func openingCreatesTheComingMonthsAndWritesCreateTheirOwn() async throws {
        try await TestBackend.postgres.withStore { store async throws in
            let now = PredictionsLogPartitions.Month(containing: Date())
            let names = try await Self.partitionNames(store)
            #expect(names.isSuperset(of: [now.partitionName, now.next.partitionName, now.next.next.partitionName, "predictions_log_default"]))
            #expect(!names.contains("predictions_log_p202503"))

            // Months never opened get their partition from the write itself; each row lands in its month.
            try await store.predictionsLog.append([Self.online("c-mar", at: Self.at("2025-03-15T10:00:00Z"))])
            _ = try await store.predictionsLog.insert([
                Self.online("c-may", at: Self.at("2025-05-31T23:59:59Z")),
                Self.online("c-jun", at: Self.at("2025-06-01T00:00:01Z")),
            ])
            #expect(try await Self.placement(store) == [
                "c-mar": ["predictions_log_p202503"], "c-may": ["predictions_log_p202505"], "c-jun": ["predictions_log_p202506"],
            ])
            // The months between the batch's first and last row were made too: nothing went to the default.
            #expect(try await Self.partitionNames(store).isSuperset(of: ["predictions_log_p202503", "predictions_log_p202505", "predictions_log_p202506"]))
            #expect(try await Self.scalar(store, "SELECT COUNT(*) AS n FROM predictions_log_default") == 0)
        }
    }

    @Test func concurrentOpenersAndWritersCreateEachMonthOnce() async throws {
        let configuration = try await TestBackend.postgres.freshConfiguration()
        defer { TestBackend.removeHome(of: configuration) }
        try await withStore(configuration) { _ in }
        // Four stores (four processes' worth of caches) write into the same new month at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    try await withStore(configuration) { store async throws in
                        try await store.predictionsLog.append([Self.online("w\(worker)", at: Self.at("2024-02-10T12:00:00Z"))])
                    }
                }
            }
            try await group.waitForAll()
        }
        try await withStore(configuration) { store async throws in
            #expect(try await Self.placement(store).values.flatMap { $0 } == Array(repeating: "predictions_log_p202402", count: 4))
        }
    }

    @Test func aBatchRerunInAnotherMonthLogsNothingNew() async throws {
        try await TestBackend.postgres.withStore { store async throws in
            let log = store.predictionsLog
            let first = PredictionsLogContract.batch(0..<1_500, at: Self.at("2025-01-31T23:30:00Z"))
            #expect(try await log.insert(first) == 1_500)
            // The same day rerun the next morning (February's partition), and a week later: new ids, nothing new.
            #expect(try await log.insert(PredictionsLogContract.batch(0..<1_500, at: Self.at("2025-02-01T06:00:00Z"))) == 0)
            #expect(try await log.insert(PredictionsLogContract.batch(1_400..<1_600, at: Self.at("2025-02-08T06:00:00Z"))) == 100)
            // append (the online writer's path) honours batch keys too.
            try await log.append(PredictionsLogContract.batch(0..<10, at: Self.at("2025-03-01T06:00:00Z")))
            #expect(try await log.count(asOf: "2025-01-01") == 1_600)
            let placement = try await Self.placement(store)
            #expect(placement["c0"] == ["predictions_log_p202501"] && placement["c1550"] == ["predictions_log_p202502"])
            // A key given twice in one batch is logged once.
            var twice = PredictionsLogContract.batch(0..<1, asOf: "2025-01-02")
            twice += PredictionsLogContract.batch(0..<1, asOf: "2025-01-02")
            #expect(try await log.insert(twice) == 1)
            #expect(try await Self.scalar(store, "SELECT COUNT(*) AS n FROM predictions_batch_keys") == 1_601)
        }
    }

    @Test func concurrentWritersOfTheSameBatchLogEachKeyOnce() async throws {
        try await TestBackend.postgres.withStore { store async throws in
            let log = store.predictionsLog
            // Two coordinated workers holding the same chunk (a lease taken over): one wins each key.
            let added = try await withThrowingTaskGroup(of: Int.self) { group in
                for hour in [1, 2, 3] {
                    group.addTask { try await log.insert(PredictionsLogContract.batch(0..<3_000, at: Self.at("2025-04-0\(hour)T00:00:00Z"))) }
                }
                return try await group.reduce(0, +)
            }
            #expect(added == 3_000)
            #expect(try await log.count(asOf: "2025-01-01") == 3_000)
        }
    }

    /// The online writer spools a batch when the database seems away; the commit may have landed
    /// anyway. The replay, decoded from the spool's JSON (milliseconds), must meet the first write.
    @Test func aSpoolReplayMeetsItsFirstWrite() async throws {
        try await TestBackend.postgres.withStore { store async throws in
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .millisecondsSince1970
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            struct Spooled: Codable { var id: UUID; var timestamp: Date }
            var generator = SystemRandomNumberGenerator()
            // Instants with sub-millisecond parts, a month boundary among them.
            let instants = (0..<2_000).map { _ in Date(timeIntervalSince1970: 1_740_787_200 + Double.random(in: -5...5, using: &generator)) }
            let originals = instants.enumerated().map { Self.online("s\($0.offset)", at: $0.element) }
            try await store.predictionsLog.append(originals)
            let replayed = try originals.map { record in
                let back = try decoder.decode(Spooled.self, from: try encoder.encode(Spooled(id: record.predictionID, timestamp: record.predictionTimestamp)))
                var copy = Self.online(record.customerID, at: back.timestamp)
                copy.predictionID = back.id
                return copy
            }
            try await store.predictionsLog.append(replayed)
            _ = try await store.predictionsLog.insert(replayed)
            #expect(try await Self.scalar(store, "SELECT COUNT(*) AS n FROM predictions_log") == 2_000)
            #expect(try await Self.partitionNames(store).isSuperset(of: ["predictions_log_p202502", "predictions_log_p202503"]))
        }
    }

    @Test func retentionDropsUnreferencedMonthsWholeAndKeepsReferencedRows() async throws {
        try await TestBackend.postgres.withStore { store async throws in
            let log = store.predictionsLog
            // January: nothing refers to it. February: c1's batch score backs a campaign. March: after the cutoff.
            try await log.append((0..<30).map { Self.online("jan\($0)", at: Self.at("2024-01-1\($0 % 10)T08:00:00Z")) })
            _ = try await log.insert(PredictionsLogContract.batch(0..<20, asOf: "2024-02-01", at: Self.at("2024-02-01T05:00:00Z")))
            try await log.append([Self.online("feb-online", at: Self.at("2024-02-20T08:00:00Z"))])
            _ = try await log.insert(PredictionsLogContract.batch(0..<5, asOf: "2024-03-01", at: Self.at("2024-03-01T05:00:00Z")))
            // An old day scored late (in March's partition): purged by its as_of, row by row.
            _ = try await log.insert(PredictionsLogContract.batch(0..<3, asOf: "2024-01-15", at: Self.at("2024-03-02T05:00:00Z")))
            let day = RetentionContract.day
            let campaign = CampaignRecord(campaignID: "cp", programID: "p", asOf: "2024-02-01", expiresAt: day("2024-03-01"), createdBy: "t", candidates: 1, holdout: 0)
            let candidate = CandidateRecord(
                campaignID: "cp", customerID: "c1", programID: "p", asOf: "2024-02-01", riskLevel: "HIGH", churnProbability: 0.8, segment: "s",
                offerID: "o", offerType: "discount", channel: "email", route: "auto-execute", lifetimeValue: 1, lift: 0.1, cost: 1,
                expectedValue: 1, priority: 1, reasonsJSON: "[]", isHoldout: false, expiresAt: campaign.expiresAt)
            try await store.campaigns.create(campaign, candidates: [candidate], messages: [])

            let cutoffs = RetentionCutoffs(predictionsBefore: "2024-03-01")
            let preview = try #require(try await store.retention.purge(cutoffs, dryRun: true, actor: "dpo").first)
            #expect(preview.table == "predictions_log" && preview.rows == 30 + 19 + 1 + 3 && preview.droppedMonths == ["2024-01"])
            #expect(try await Self.partitionNames(store).contains("predictions_log_p202401"), "a dry run drops nothing")

            let purged = try #require(try await store.retention.purge(cutoffs, dryRun: false, actor: "dpo", chunk: 7).first)
            #expect(purged == preview)
            let names = try await Self.partitionNames(store)
            #expect(!names.contains("predictions_log_p202401") && names.isSuperset(of: ["predictions_log_p202402", "predictions_log_p202403"]))
            let placement = try await Self.placement(store)
            #expect(placement["c1"] == ["predictions_log_p202402", "predictions_log_p202403"])  // the campaign's row, and March's
            #expect(placement.keys.filter { $0.hasPrefix("jan") }.isEmpty && placement["feb-online"] == nil)
            #expect(try await log.count(asOf: "2024-01-15") == 0)
            #expect(try await log.count(asOf: "2024-03-01") == 5)
            // The batch keys went with their rows: the campaign's and March's stay, a rerun of a purged day logs again.
            #expect(try await Self.scalar(store, "SELECT COUNT(*) AS n FROM predictions_batch_keys") == 6)
            #expect(try await log.insert(PredictionsLogContract.batch(0..<3, asOf: "2024-01-15", at: Self.at("2024-03-03T05:00:00Z"))) == 3)

            let audit = try #require(try await store.auditLog.entries().first { $0.action == "retention.purge" })
            let details = try JSONSerialization.jsonObject(with: Data(audit.detailsJSON.utf8)) as? [String: String]
            #expect(details?["predictions_months_dropped"] == "2024-01" && details?["predictions_log"] == "53")
            // A write into a dropped month makes it again.
            try await log.append([Self.online("late", at: Self.at("2024-01-20T08:00:00Z"))])
            #expect(try await Self.placement(store)["late"] == ["predictions_log_p202401"])
        }
    }

    /// A store of version 12 (one table, JSON columns as JSONB, or already TEXT) opened by this
    /// build: migration 13 makes the columns TEXT, 14 moves the rows into their months with their
    /// batch keys.
    @Test(arguments: [false, true])
    func migrationMovesAnUnpartitionedLog(textColumns: Bool) async throws {
        let configuration = try await TestBackend.postgres.freshConfiguration()
        defer { TestBackend.removeHome(of: configuration) }
        guard case .postgres(let url) = configuration.database else { return }
        let database = try StoreDatabase.postgres(url: url, options: ChurnStore.Options(), logger: Logger(label: "test"))
        do {
            try await database.withConnection { db in
                try await db.raw("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)").run()
                for migration in SchemaMigration.all where migration.version < 13 {
                    for statement in migration.statements(.postgres) { try await db.raw(SQLQueryString(statement)).run() }
                    try await db.raw("INSERT INTO schema_migrations VALUES (\(bind: migration.version), \(bind: migration.name), now())").run()
                }
                if textColumns {
                    try await db.raw("ALTER TABLE predictions_log ALTER COLUMN inference_features TYPE TEXT, ALTER COLUMN reasons TYPE TEXT").run()
                }
                try await db.raw("""
                    INSERT INTO predictions_log (prediction_id, customer_id, prediction_timestamp, churn_probability, churn_risk_level,
                        model_version, inference_features, as_of, served_by, reasons)
                    VALUES (gen_random_uuid(), 'old-batch', '2024-05-10T04:00:00Z', 0.5, 'LOW', 'v1', '{"tenure": 1}', '2025-01-01', 'production', '[]'),
                           (gen_random_uuid(), 'old-online', '2024-06-20T12:00:00Z', 0.5, 'LOW', 'v1', '{"tenure": 2}', NULL, 'production', NULL)
                    """).run()
            }
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()

        try await withStore(configuration) { store async throws in
            #expect(try await store.schemaVersion() == SchemaMigration.all.last?.version)
            #expect(try await Self.placement(store) == ["old-batch": ["predictions_log_p202405"], "old-online": ["predictions_log_p202406"]])
            let type = try await store.database.withConnection { db in
                try await db.raw("""
                    SELECT data_type AS t FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'predictions_log' AND column_name = 'inference_features'
                    """).first()?.decode(column: "t", as: String.self)
            }
            #expect(type == "text")
            // The old batch row's key came along: its rerun is not logged again; a new customer is.
            let rerun = PredictionsLogContract.batch(0..<2, at: Self.at("2025-01-02T00:00:00Z")).enumerated().map { index, record in
                var copy = record
                copy.customerID = index == 0 ? "old-batch" : "new"
                return copy
            }
            #expect(try await store.predictionsLog.insert(rerun) == 1)
            let read = try #require(try await store.predictionsLog.latest(customerID: "old-online"))
            #expect(try canonicalJSON(read.inferenceFeaturesJSON) == #"{"tenure":2}"#)
            #expect(try await Self.scalar(store, "SELECT COUNT(*) AS n FROM pg_tables WHERE tablename = 'predictions_log_unpartitioned'") == 0)
        }
    }
}
