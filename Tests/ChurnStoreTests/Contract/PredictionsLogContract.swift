import Foundation
import Testing
@testable import ChurnStore

/// The predictions log: batch idempotency, online rows never deduplicated, reads by customer and by day.
@Suite("Store contract: predictions log") struct PredictionsLogContract {
    static func batch(_ customers: Range<Int>, asOf: String = "2025-01-01", model: String = "v1",
                      servedBy: ServedBy = .production, at: Date = Date()) -> [PredictionRecord] {
        customers.map { i in
            PredictionRecord(
                customerID: "c\(i)", predictionTimestamp: at, asOf: asOf, churnProbability: Double(i % 100) / 100,
                churnRiskLevel: i % 100 >= 70 ? "HIGH" : "LOW", modelVersion: model, servedBy: servedBy,
                traceID: "trace-\(i)", rawProbability: 0.5, topChurnFeature: "tenure",
                reasonsJSON: #"[{"feature": "tenure", "value": 3, "contribution": 0.25}]"#,
                inferenceFeaturesJSON: #"{"tenure": \#(i)}"#
            )
        }
    }

    @Test(arguments: TestBackend.allCases)
    func batchInsertIsIdempotent(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.predictionsLog
            // More rows than one statement carries.
            let records = Self.batch(0..<1_234)
            #expect(try await log.insert(records) == 1_234)
            // A re-run produces new prediction ids for the same customers, day, model and role: nothing new.
            #expect(try await log.insert(Self.batch(0..<1_234)) == 0)
            #expect(try await log.insert(records) == 0)
            // Overlapping resumed chunk: only the unseen customers count.
            #expect(try await log.insert(Self.batch(1_200..<1_300)) == 66)
            // Another model version, or the shadow role, is a different prediction.
            #expect(try await log.insert(Self.batch(0..<10, model: "v2")) == 10)
            #expect(try await log.insert(Self.batch(0..<10, servedBy: .shadow)) == 10)

            #expect(try await log.count(asOf: "2025-01-01") == 1_300 + 20)
            #expect(try await log.count(asOf: "2025-01-01", modelVersion: "v1") == 1_310)
            #expect(try await log.count(asOf: "2025-01-01", modelVersion: "v1", servedBy: .production) == 1_300)
            #expect(try await log.count(asOf: "2025-01-02") == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func recordsReadBackAsWritten(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let at = Date(timeIntervalSince1970: 1_750_000_000.25)
            let record = Self.batch(7..<8, at: at)[0]
            try await store.predictionsLog.insert([record])
            let read = try #require(try await store.predictionsLog.prediction(id: record.predictionID))
            #expect(read.customerID == "c7")
            #expect(read.asOf == "2025-01-01")
            #expect(read.churnProbability == 0.07)
            #expect(read.rawProbability == 0.5)
            #expect(read.churnRiskLevel == "LOW")
            #expect(read.servedBy == .production)
            #expect(read.traceID == "trace-7")
            #expect(read.topChurnFeature == "tenure")
            #expect(read.webhookStatus == "PENDING")
            #expect(abs(read.predictionTimestamp.timeIntervalSince(at)) < 0.001)
            #expect(try canonicalJSON(read.inferenceFeaturesJSON) == #"{"tenure":7}"#)
            #expect(try canonicalJSON(try #require(read.reasonsJSON)) == #"[{"contribution":0.25,"feature":"tenure","value":3}]"#)
        }
    }

    /// A batch run's JSON (features read back from the store, reasons it wrote) is bound without a
    /// second parse on both engines: it reads back byte for byte (PostgreSQL's JSONB would have
    /// respaced it), and deduplication and counts are unchanged.
    @Test(arguments: TestBackend.allCases)
    func validJSONIsStoredAsGiven(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.predictionsLog
            var records = Self.batch(0..<600)
            for index in records.indices {
                records[index].inferenceFeaturesJSON = #"{"plan":"basic","tenure":\#(index)}"#
                records[index].reasonsJSON = #"[{"contribution":-0.125,"feature":"plan","value":"basic"}]"#
            }
            #expect(try await log.insert(records, jsonIsValid: true) == 600)
            #expect(try await log.insert(Self.batch(0..<600), jsonIsValid: true) == 0)
            let read = try #require(try await log.prediction(id: records[42].predictionID))
            #expect(read.inferenceFeaturesJSON == #"{"plan":"basic","tenure":42}"#)
            #expect(read.reasonsJSON == #"[{"contribution":-0.125,"feature":"plan","value":"basic"}]"#)
            #expect(try await log.count(asOf: "2025-01-01") == 600)
        }
    }

    /// A page larger than one bulk statement (PostgreSQL's UNNEST arrays carry 10,000 rows, SQLite's
    /// VALUES 500): every row counted once, missing cells stored as NULL, text with quotes, commas,
    /// braces and non-ASCII stored as given, and a re-run of the same page adds nothing.
    @Test(arguments: TestBackend.allCases)
    func bulkPagesKeepNullsAndTextAsGiven(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.predictionsLog
            let count = PredictionsLog.rowsPerUnnestStatement + 7
            var records = Self.batch(0..<count)
            for index in records.indices where index % 3 == 0 {
                records[index].traceID = nil
                records[index].rawProbability = nil
                records[index].topChurnFeature = nil
                records[index].reasonsJSON = nil
            }
            records[5].customerID = #"Zoë "quoted", {braced} \ back"#
            records[5].inferenceFeaturesJSON = #"{"note":"a \"b\", {c} é"}"#
            #expect(try await log.insert(records, jsonIsValid: true) == count)
            #expect(try await log.insert(Self.batch(0..<count), jsonIsValid: true) == 1)
            #expect(try await log.insert(records, jsonIsValid: true) == 0)
            #expect(try await log.count(asOf: "2025-01-01") == count + 1)

            let bare = try #require(try await log.prediction(id: records[3].predictionID))
            #expect(bare.traceID == nil && bare.rawProbability == nil && bare.topChurnFeature == nil && bare.reasonsJSON == nil)
            let full = try #require(try await log.prediction(id: records[count - 1].predictionID))
            #expect(full.traceID == "trace-\(count - 1)" && full.rawProbability == 0.5 && full.topChurnFeature == "tenure")
            let odd = try #require(try await log.prediction(id: records[5].predictionID))
            #expect(odd.customerID == #"Zoë "quoted", {braced} \ back"#)
            #expect(try canonicalJSON(odd.inferenceFeaturesJSON) == #"{"note":"a \"b\", {c} é"}"#)
        }
    }

    /// JSON the caller does not vouch for is parsed by the database on both paths; one bad row
    /// rolls the whole page back.
    @Test(arguments: TestBackend.allCases)
    func malformedJSONWritesNothing(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            var records = Self.batch(0..<20)
            records[13].reasonsJSON = #"[{"feature": "tenure""#
            await #expect(throws: (any Error).self) { try await store.predictionsLog.insert(records) }
            await #expect(throws: (any Error).self) { try await store.predictionsLog.append(records) }
            #expect(try await store.predictionsLog.count(asOf: "2025-01-01") == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func onlinePredictionsAreNeverDeduplicated(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let request = { PredictionRecord(customerID: "c1", churnProbability: 0.8, churnRiskLevel: "HIGH", modelVersion: "v1", inferenceFeaturesJSON: "{}") }
            #expect(try await store.predictionsLog.insert([request()]) == 1)
            #expect(try await store.predictionsLog.insert([request()]) == 1)
            // A retried write of the same prediction id is a no-op.
            let retried = request()
            #expect(try await store.predictionsLog.insert([retried]) == 1)
            #expect(try await store.predictionsLog.insert([retried]) == 0)
            #expect(try await store.predictionsLog.history(customerID: "c1").count == 3)
            // The serving path's append: same rules, nothing read back (a replayed spool is harmless).
            let served = [request(), request()]
            try await store.predictionsLog.append(served)
            try await store.predictionsLog.append(served)
            #expect(try await store.predictionsLog.history(customerID: "c1").count == 5)
            await #expect(throws: StoreError.self) {
                try await store.predictionsLog.append([PredictionRecord(customerID: "", churnProbability: 2, churnRiskLevel: "HIGH", modelVersion: "v1", inferenceFeaturesJSON: "{}")])
            }
            #expect(try await store.predictionsLog.history(customerID: "c1").count == 5)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func latestAndHistoryByCustomer(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.predictionsLog
            let t0 = Date(timeIntervalSince1970: 1_700_000_000)
            try await log.insert(Self.batch(1..<2, asOf: "2025-01-01", at: t0))
            try await log.insert(Self.batch(1..<2, asOf: "2025-02-01", at: t0 + 86_400))
            try await log.insert(Self.batch(1..<2, asOf: "2025-02-01", servedBy: .shadow, at: t0 + 2 * 86_400))
            try await log.insert(Self.batch(2..<3, asOf: "2025-03-01", at: t0 + 3 * 86_400))

            #expect(try await log.latest(customerID: "c1")?.asOf == "2025-02-01")
            #expect(try await log.latest(customerID: "c1")?.servedBy == .production)
            #expect(try await log.latest(customerID: "c1", includeShadow: true)?.servedBy == .shadow)
            #expect(try await log.latest(customerID: "c9") == nil)
            let history = try await log.history(customerID: "c1")
            #expect(history.map(\.servedBy) == [.shadow, .production, .production])
            #expect(history.map(\.asOf) == ["2025-02-01", "2025-02-01", "2025-01-01"])
            #expect(try await log.history(customerID: "c1", limit: 1).count == 1)
            // Scores alone, as the customer's history shows them: served roles unless asked.
            let scores = try await log.scoreHistory(customerID: "c1")
            #expect(scores.map(\.asOf) == ["2025-02-01", "2025-01-01"])
            #expect(scores.map(\.churnProbability) == history.filter { $0.servedBy != .shadow }.map(\.churnProbability))
            #expect(scores.map(\.predictionTimestamp) == [t0 + 86_400, t0])
            #expect(try await log.scoreHistory(customerID: "c1", includeShadow: true).map(\.servedBy) == [.shadow, .production, .production])
            #expect(try await log.scoreHistory(customerID: "c1", limit: 1).count == 1)
            #expect(try await log.scoreHistory(customerID: "c9").isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func invalidRecordsWriteNothing(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            var records = Self.batch(0..<3)
            records[2].churnRiskLevel = "SEVERE"
            await #expect(throws: StoreError.invalidValue(field: "predictions[2].churn_risk_level", reason: "'SEVERE' is not one of CRITICAL, HIGH, LOW, MEDIUM")) {
                try await store.predictionsLog.insert(records)
            }
            records[2].churnRiskLevel = "LOW"
            records[1].churnProbability = .nan
            await #expect(throws: StoreError.self) { try await store.predictionsLog.insert(records) }
            #expect(try await store.predictionsLog.count(asOf: "2025-01-01") == 0)
            #expect(throws: StoreError.unknownServedBy("primary")) { try ServedBy(parsing: "primary") }
        }
    }
}
