import ChurnModel
import ChurnDecisions
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing
@testable import ChurnServices
@testable import ChurnStore

/// The batch scorer over a real SQLite store: production, shadow and canary roles, idempotent re-runs,
/// snapshots of other dates skipped, and the canary's stable hash.
@Suite struct BatchScoringRunTests {
    static let asOf = "2025-06-01"
    static let schema = SpecExampleSchema.schema

    static func predictor(version: String) throws -> ChurnPredictor {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/model.json")
        let manifest = BundleManifest(version: version, featureSchema: Self.schema)
        return ChurnPredictor(bundle: try ModelBundle(manifest: manifest, modelJSON: try Data(contentsOf: url)))
    }

    /// Gives `store` `count` customers with varied features for `asOf`, plus two snapshots of another date.
    static func seed(_ store: ChurnStore, customers count: Int) async throws {
        var generator = SeededGenerator(seed: 7)
        var snapshots = (0..<count).map { index in
            let values: [FeatureValue] = [
                .number(Double.random(in: 0...100, using: &generator)), .number(Double.random(in: 0...50, using: &generator)),
                .number(Double(Int.random(in: 0...6, using: &generator))), .number(Double.random(in: 0...1, using: &generator)),
                .number(Double.random(in: -30...365, using: &generator)), .boolean(index % 2 == 0),
            ]
            return StoredFeatures(customerID: String(format: "C%05d", index), asOf: asOf, featuresJSON: Self.schema.jsonObject(values: values))
        }
        snapshots.append(StoredFeatures(customerID: "OLD1", asOf: "2025-05-01", featuresJSON: "{}"))
        snapshots.append(StoredFeatures(customerID: "OLD2", asOf: "2025-05-01", featuresJSON: "{}"))
        try await store.onlineFeatures.upsert(snapshots)
    }

    @Test func productionShadowAndCanaryAreLoggedOncePerRole() async throws {
        try await withTestStore { store, _ in
            try await Self.seed(store, customers: 600)
            let models = ServingSet(
                production: try Self.predictor(version: "v-prod"), shadow: try Self.predictor(version: "v-shadow"),
                canary: try Self.predictor(version: "v-canary"), canaryAssignment: CanaryAssignment(share: 0.3))
            let run = BatchScoringRun(store: store, models: models, asOf: Self.asOf, pageSize: 77, workers: 2)
            let first = try await run.run()
            #expect(first.customers == 600)
            #expect(first.skippedOtherDates == 2)
            #expect(first.shadowPredictions == 600)
            #expect(first.newPredictions == 1_200)
            #expect(first.tiers.values.reduce(0, +) == 600)
            // A stable hash gives about the share, not exactly it.
            #expect(first.servedByCanary > 120 && first.servedByCanary < 240, "\(first.servedByCanary)")

            let log = store.predictionsLog
            #expect(try await log.count(asOf: Self.asOf, servedBy: .production) == 600 - first.servedByCanary)
            #expect(try await log.count(asOf: Self.asOf, servedBy: .canary) == first.servedByCanary)
            #expect(try await log.count(asOf: Self.asOf, modelVersion: "v-shadow", servedBy: .shadow) == 600)
            for index in [0, 1, 2, 3, 599] {
                let customer = String(format: "C%05d", index)
                let served = try await log.history(customerID: customer).filter { $0.servedBy != .shadow }
                #expect(served.count == 1)
                let expected: ServedBy = CanaryAssignment(share: 0.3).servesCanary(customer) ? .canary : .production
                #expect(served.first?.servedBy == expected)
                #expect(served.first?.modelVersion == (expected == .canary ? "v-canary" : "v-prod"))
                #expect(served.first?.reasonsJSON?.contains("\"feature\":") == true)
            }

            let again = try await run.run()
            #expect(again.newPredictions == 0)
            #expect(again.alreadyLogged == 1_200)
            #expect(try await store.batchRuns.list().map(\.status) == [.succeeded, .succeeded])
        }
    }

    /// Every customer's logged score, reasons and inputs after a run with reasons.
    static func logged(_ store: ChurnStore, customers: Int) async throws -> [String: PredictionRecord] {
        var logged: [String: PredictionRecord] = [:]
        for index in 0..<customers {
            let id = String(format: "C%05d", index)
            logged[id] = try await store.predictionsLog.latest(customerID: id)
        }
        return logged
    }

    @Test func aSealedStoreScoresAndLogsWhatAPlainOneDoes() async throws {
        let plain = try await withTestStore { store, _ in
            try await Self.seed(store, customers: 300)
            _ = try await BatchScoringRun(store: store, models: ServingSet(production: try Self.predictor(version: "v-prod")),
                                          asOf: Self.asOf, pageSize: 77, workers: 2).run()
            return try await Self.logged(store, customers: 300)
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("churnguard-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let sealedStore = StoreConfiguration.resolve(home: home, environment: [DataKeySource.keyVariable: DataKey.generateBase64()])
        try await withStore(sealedStore) { store in
            try await Self.seed(store, customers: 300)
            // Snapshots are opened and records sealed on the scoring threads: the page arrives unopened.
            let page = try await store.onlineFeatures.snapshots(limit: 10, opening: false)
            #expect(page.allSatisfy { !$0.isOpen && $0.featuresJSON.isEmpty && $0.sealedFeatures != nil })
            let summary = try await BatchScoringRun(store: store, models: ServingSet(production: try Self.predictor(version: "v-prod")),
                                                    asOf: Self.asOf, pageSize: 77, workers: 2).run()
            #expect(summary.newPredictions == 300)
            let sealed = try await Self.logged(store, customers: 300)
            #expect(sealed.count == 300)
            for (customer, record) in sealed {
                let reference = try #require(plain[customer])
                #expect(record.churnProbability == reference.churnProbability)
                #expect(record.reasonsJSON == reference.reasonsJSON)
                #expect(record.inferenceFeaturesJSON == reference.inferenceFeaturesJSON)
            }
            // At rest, the log holds the snapshot's sealed bytes and sealed reasons, no JSON.
            let kinds = try await store.database.withConnection { db in
                try await db.raw("""
                    SELECT typeof(inference_features) AS f, typeof(reasons) AS r, COUNT(*) AS n FROM predictions_log GROUP BY 1, 2
                    """).all().map { "\(try $0.decode(column: "f", as: String.self))/\(try $0.decode(column: "r", as: String.self)):\(try $0.decode(column: "n", as: Int.self))" }
            }
            #expect(kinds == ["blob/blob:300"])
        }
    }

    /// On PostgreSQL two pages are written at once: every customer lands once, the marker ends on
    /// the last customer with every prediction counted, and a rerun adds nothing.
    @Test func onPostgreSQLPagesWrittenTwoAtATimeLandOnceAndTheMarkerEndsOnTheLast() async throws {
        try TestRequirement.postgreSQL.check()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("churnguard-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let configuration = StoreConfiguration(home: home, database: .postgres(url: try await PostgresTestServer.shared.makeDatabaseURL()))
        try await withStore(configuration) { store in
            #expect(store.predictionsLog.concurrentWriters == 2)
            try await Self.seed(store, customers: 600)
            let run = BatchScoringRun(store: store, models: ServingSet(production: try Self.predictor(version: "v-prod")),
                                      asOf: Self.asOf, pageSize: 37, workers: 2)
            let pagesLanded = ProgressRecorder()
            let summary = try await run.run { pagesLanded.add($0) }
            #expect(summary.customers == 600 && summary.newPredictions == 600 && summary.alreadyLogged == 0)
            #expect(try await store.predictionsLog.count(asOf: Self.asOf, modelVersion: "v-prod") == 600)
            let finished = try #require(try await store.batchRuns.run(summary.runID))
            #expect(finished.lastCustomerID == "OLD2" && finished.scored == 600)
            // Progress arrives page by page, in page order.
            let reported = pagesLanded.all.map(\.customers)
            #expect(reported == reported.sorted() && reported.last == 600 && reported.count == 17)
            #expect(try await run.run().newPredictions == 0)
        }
    }

    @Test func resumesAfterTheMarkerOfAnUnfinishedRun() async throws {
        try await withTestStore { store, _ in
            try await Self.seed(store, customers: 300)
            let models = ServingSet(production: try Self.predictor(version: "v-prod"))
            // A crashed run that committed customers up to C00099.
            let crashed = try await store.batchRuns.startOrResume(asOf: Self.asOf, modelVersion: "v-prod")
            let earlier = BatchScoringRun(store: store, models: models, asOf: Self.asOf)
            let firstHundred = try await store.onlineFeatures.snapshots(limit: 100)
            let records = try earlier.score(firstHundred).records
            #expect(try await store.predictionsLog.insert(records, progress: BatchProgress(runID: crashed.runID, lastCustomerID: "C00099")) == 100)

            let summary = try await BatchScoringRun(store: store, models: models, asOf: Self.asOf, pageSize: 64).run()
            #expect(summary.resumed)
            #expect(summary.runID == crashed.runID)
            #expect(summary.customers == 200)
            #expect(summary.newPredictions == 200)
            #expect(try await store.predictionsLog.count(asOf: Self.asOf, modelVersion: "v-prod") == 300)
            #expect(try await store.batchRuns.run(crashed.runID)?.scored == 300)
        }
    }

    @Test func emptyStoreAndNoSnapshotsForTheDateAreClearErrors() async throws {
        try await withTestStore { store, _ in
            let models = ServingSet(production: try Self.predictor(version: "v-prod"))
            await #expect(throws: BatchScoringError.emptyOnlineStore) {
                try await BatchScoringRun(store: store, models: models, asOf: Self.asOf).run()
            }
            try await store.onlineFeatures.upsert([StoredFeatures(customerID: "A", asOf: "2025-05-01", featuresJSON: "{}")])
            await #expect(throws: BatchScoringError.nothingForDate(asOf: Self.asOf, stored: 1)) {
                try await BatchScoringRun(store: store, models: models, asOf: Self.asOf).run()
            }
            await #expect(throws: BatchScoringError.noProductionModel) {
                try await ServingSet.load(from: store.modelRegistry)
            }
        }
    }

    @Test func canaryBucketIsFNV1aAndStable() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; the bucket is its mixed top 53 bits.
        #expect(CanaryAssignment.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(CanaryAssignment.bucket("a") == Double(CanaryAssignment.mix(0xaf63_dc4c_8601_ec8c) >> 11) / Double(UInt64(1) << 53))
        let ids = (0..<10_000).map { "customer-\($0)" }
        let share = Double(ids.filter { CanaryAssignment(share: 0.1).servesCanary($0) }.count) / Double(ids.count)
        #expect(abs(share - 0.1) < 0.02)
        // Growing the share only adds customers.
        #expect(ids.filter { CanaryAssignment(share: 0.1).servesCanary($0) }.allSatisfy { CanaryAssignment(share: 0.2).servesCanary($0) })
        #expect(ReasonsJSON.encode([PredictionReason(feature: "plan", value: "a\"b", contribution: 0.5)])
            == #"[{"contribution":0.5,"feature":"plan","value":"a\"b"}]"#)
    }

    @Test func reasonsJSONEscapesLikeFoundationReadsIt() throws {
        let reasons = [
            PredictionReason(feature: "plan", value: "a\"b\\c\nd\te\u{01}f", contribution: -0.125),
            PredictionReason(feature: "région", value: "Zürich ✓", contribution: 3.5e-7),
            PredictionReason(feature: "x", value: "", contribution: .nan),
        ]
        let text = ReasonsJSON.encode(reasons)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.map { $0["feature"] as? String } == ["plan", "région", "x"])
        #expect(parsed.map { $0["value"] as? String } == ["a\"b\\c\nd\te\u{01}f", "Zürich ✓", ""])
        #expect(parsed.map { ($0["contribution"] as? NSNumber)?.doubleValue } == [-0.125, 3.5e-7, 0])
        #expect(ReasonsJSON.encode([]) == "[]")
    }
}

/// Collects a run's progress reports, which arrive on the run's task.
final class ProgressRecorder: Sendable {
    private let reports = Mutex<[BatchScoringProgress]>([])
    func add(_ progress: BatchScoringProgress) { reports.withLock { $0.append(progress) } }
    var all: [BatchScoringProgress] { reports.withLock { $0 } }
}
