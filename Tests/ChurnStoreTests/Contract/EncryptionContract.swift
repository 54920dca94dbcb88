import ChurnTestSupport
import Foundation
import NIOCore
import NIOFoundationCompat
import SQLKit
import Testing
@testable import ChurnStore

/// Encryption at rest on both engines: with a data key, features, logged inputs and reasons, and
/// the raw tables' personal columns are sealed in the database and read back as written; a missing
/// or wrong key stops the store at open; rotation re-seals everything under the new key and can
/// resume; the customer's export is readable.
@Suite("Store contract: encryption at rest") struct EncryptionContract {
    static let keyA = DataKey.generateBase64()
    static let keyB = DataKey.generateBase64()

    static func with(_ configuration: StoreConfiguration, current: String?, previous: String? = nil) -> StoreConfiguration {
        var environment: [String: String] = [:]
        if let current { environment[DataKeySource.keyVariable] = current }
        if let previous { environment[DataKeySource.previousKeyVariable] = previous }
        var configuration = configuration
        configuration.dataKeys = DataKeySource.environment(environment)
        return configuration
    }

    static let idA = try! DataKey(base64: keyA, source: "test").id
    static let idB = try! DataKey(base64: keyB, source: "test").id

    static func write(_ store: ChurnStore, customers: [String]) async throws {
        let spec = try #require(RawTableSpec.all.first { $0.table == "raw_customers" })
        let events = try #require(RawTableSpec.all.first { $0.table == "raw_churn_events" })
        _ = try await store.rawTables.insert(customers.map { [$0, "2024-01-01", "pro-plan", "smb", "DE", "annual", "2026-01-01", "99"] }, into: spec)
        _ = try await store.rawTables.insert(customers.map { [$0, "2025-01-01T00:00:00Z", "too-expensive"] }, into: events)
        _ = try await store.onlineFeatures.upsert(customers.map {
            StoredFeatures(customerID: $0, asOf: "2025-10-01", featuresJSON: #"{"mrr": 99, "secret_signal": "\#($0)-signal"}"#)
        })
        _ = try await store.predictionsLog.insert(customers.map {
            PredictionRecord(customerID: $0, asOf: "2025-10-01", churnProbability: 0.8, churnRiskLevel: "HIGH", modelVersion: "v1",
                             reasonsJSON: #"[{"contribution": 0.4, "feature": "secret_signal", "value": "\#($0)-signal"}]"#,
                             inferenceFeaturesJSON: #"{"mrr": 99, "secret_signal": "\#($0)-signal"}"#)
        })
        try await store.predictionsLog.append(customers.map {
            PredictionRecord(customerID: $0, churnProbability: 0.7, churnRiskLevel: "HIGH", modelVersion: "v1",
                             inferenceFeaturesJSON: #"{"secret_signal": "\#($0)-online"}"#)
        })
        // A campaign whose reasons quote the signal, and an outcome with notes.
        let campaignID = "cp-" + customers.joined(separator: "-")
        let campaign = CampaignRecord(campaignID: campaignID, programID: "p", asOf: "2025-10-01", expiresAt: Date().addingTimeInterval(86_400),
                                      createdBy: "test", candidates: customers.count, holdout: 0)
        try await store.campaigns.create(campaign, candidates: customers.map {
            CandidateRecord(campaignID: campaignID, customerID: $0, programID: "p", asOf: "2025-10-01", riskLevel: "HIGH", churnProbability: 0.8,
                            segment: "s", offerID: "discount", offerType: "discount", channel: "email", route: "auto-execute",
                            lifetimeValue: 1_000, lift: 0.2, cost: 10, expectedValue: 150, priority: 1,
                            reasonsJSON: #"["risk HIGH", "secret_signal = \#($0)-signal"]"#, isHoldout: false, expiresAt: campaign.expiresAt)
        })
        for customer in customers {
            _ = try await store.outcomes.record(OutcomeRecord(outcomeID: "o-\(customer)", campaignID: campaignID, customerID: customer,
                                                              retained: true, observedAt: Date(), recordedBy: "crm", notes: "\(customer) said too-expensive"))
        }
    }

    /// Every stored value of the encrypted columns, as the database holds it.
    static func storedValues(_ store: ChurnStore) async throws -> [(column: EncryptedColumn, cell: StoredCell)] {
        var values: [(column: EncryptedColumn, cell: StoredCell)] = []
        for table in EncryptedTable.all {
            for column in table.columns {
                values += try await store.database.withConnection { db in
                    try await db.raw("SELECT \(unsafeRaw: column.column) AS v FROM \(unsafeRaw: table.table)").all()
                        .compactMap { try $0.decode(column: "v", as: StoredCell?.self) }
                }.map { (column, $0) }
            }
        }
        return values
    }

    /// Whether every stored value is sealed under `keyID` in its column's form on this engine, and
    /// none shows a plain value's text.
    static func allSealed(_ values: [(column: EncryptedColumn, cell: StoredCell)], under keyID: String, on store: ChurnStore) -> Bool {
        values.allSatisfy { value in
            let bytes: Data
            switch (value.cell, value.column.sealedForm(on: store.database.dialect)) {
            case (.text(let text), .text):
                guard text.hasPrefix("enc:v2:\(keyID):") else { return false }
                bytes = Data(text.utf8)
            case (.bytes(let sealed), .binary):
                bytes = Data(sealed.readableBytesView)
                guard bytes.starts(with: FieldCipher.binaryMagic + Array(keyID.utf8)) else { return false }
            default:
                return false
            }
            return ["signal", "pro-plan", "expensive"].allSatisfy { bytes.range(of: Data($0.utf8)) == nil }
        }
    }

    static func expectReadable(_ store: ChurnStore, _ customer: String) async throws {
        let features = try #require(try await store.onlineFeatures.features(customerID: customer))
        #expect(try canonicalJSON(features.featuresJSON) == (try canonicalJSON(#"{"mrr": 99, "secret_signal": "\#(customer)-signal"}"#)))
        let history = try await store.predictionsLog.history(customerID: customer)
        #expect(history.count == 2)
        #expect(Set(try history.map { try canonicalJSON($0.inferenceFeaturesJSON) }) == Set([
            try canonicalJSON(#"{"mrr": 99, "secret_signal": "\#(customer)-signal"}"#), try canonicalJSON(#"{"secret_signal": "\#(customer)-online"}"#),
        ]))
        #expect(history.contains { $0.reasonsJSON?.contains("\(customer)-signal") == true })
        #expect(try await store.predictionsLog.scoreHistory(customerID: customer).map(\.churnProbability).sorted() == [0.7, 0.8])
        let window = try await store.predictionsLog.monitoringWindow(asOf: "2025-10-01", modelVersion: "v1")
        #expect(window.first { $0.customerID == customer }?.inferenceFeaturesJSON.contains("\(customer)-signal") == true)
        let spec = try #require(RawTableSpec.all.first { $0.table == "raw_customers" })
        let rows = try await store.rawTableReader.rows(spec, customers: CustomerRange(after: nil, through: nil))
        #expect(rows.contains { $0 == [customer, "2024-01-01", "pro-plan", "smb", "DE", "annual", "2026-01-01", "99"] })
        var found = try await store.outcomes.outcome(campaignID: "cp-\(customer)", customerID: customer)
        if found == nil { found = try await store.outcomes.outcome(campaignID: "cp-c1-c2", customerID: customer) }
        let outcome = try #require(found)
        #expect(outcome.notes == "\(customer) said too-expensive")
        let candidate = try #require(try await store.outcomes.outcomes(campaignID: outcome.campaignID).first { $0.candidate.customerID == customer })
        #expect(try canonicalJSON(candidate.candidate.reasonsJSON) == (try canonicalJSON(#"["risk HIGH", "secret_signal = \#(customer)-signal"]"#)))
    }

    @Test(arguments: TestBackend.allCases)
    func sealedAtRestAndReadBackAsWritten(_ backend: TestBackend) async throws {
        let base = try await backend.freshConfiguration()
        defer { TestBackend.removeHome(of: base) }
        try await withStore(Self.with(base, current: Self.keyA)) { store in
            #expect(store.encryptsAtRest)
            try await Self.write(store, customers: ["c1", "c2"])
            let stored = try await Self.storedValues(store)
            // Features 2, logged inputs 4, reasons 2 (online scores had none), customers 2 × 6 columns, churn reasons 2,
            // candidates' reasons 2, outcome notes 2.
            #expect(stored.count == 26)
            #expect(Self.allSealed(stored, under: Self.idA, on: store))
            #expect(stored.contains { if case .bytes = $0.cell { true } else { false } } == (backend == .sqlite), "BLOBs on SQLite only")
            // Ids and the columns queries filter on stay in clear.
            #expect(try await store.predictionsLog.count(asOf: "2025-10-01") == 2)
            try await Self.expectReadable(store, "c1")
            // A snapshot sealed as text (as SQLite kept them before BLOBs) still opens.
            let text = try store.cipher.seal(#"{"mrr": 99, "secret_signal": "c2-text"}"#, in: .onlineFeatures, customerID: "c2")
            try await store.database.withConnection { db in
                try await db.raw("UPDATE online_features SET features = \(bind: text) WHERE customer_id = 'c2'").run()
            }
            #expect(try await store.onlineFeatures.features(customerID: "c2")?.featuresJSON.contains("c2-text") == true)

            // Batch scoring logs the sealed snapshot it read as it is, and it opens as the log's inputs.
            let snapshot = try #require(try await store.onlineFeatures.features(customerID: "c1"))
            let sealed = try #require(snapshot.sealedFeatures)
            let id = UUID()
            _ = try await store.predictionsLog.insert([PredictionRecord(
                predictionID: id, customerID: "c1", asOf: "2025-10-02", churnProbability: 0.5, churnRiskLevel: "MEDIUM", modelVersion: "v1",
                inferenceFeaturesJSON: snapshot.featuresJSON, sealedInferenceFeatures: sealed)], jsonIsValid: true)
            let logged = try await store.database.withConnection { db in
                try await db.raw("SELECT inference_features FROM predictions_log WHERE as_of = '2025-10-02'").first()?
                    .decode(column: "inference_features", as: StoredCell.self)
            }
            #expect(logged == sealed)
            #expect(try await store.predictionsLog.prediction(id: id)?.inferenceFeaturesJSON == snapshot.featuresJSON)

            // A value copied into another customer's row does not open there.
            try await store.database.withConnection { db in
                try await db.raw("""
                    UPDATE online_features SET features = (SELECT features FROM online_features WHERE customer_id = 'c1') WHERE customer_id = 'c2'
                    """).run()
            }
            await #expect(throws: DataKeyError.cannotOpen(column: "online_features.features", customerID: "c2")) {
                _ = try await store.onlineFeatures.features(customerID: "c2")
            }
            // Malformed JSON is refused before sealing, as the database refuses it unsealed.
            await #expect(throws: StoreError.self) {
                try await store.onlineFeatures.upsert([StoredFeatures(customerID: "c3", asOf: "2025-10-01", featuresJSON: "{not json")])
            }
        }
        // Without the key, or with another one, the store does not open.
        await #expect(throws: DataKeyError.missing(keyIDs: [Self.idA])) {
            try await withStore(base) { _ in }
        }
        await #expect(throws: DataKeyError.notConfigured(keyID: Self.idA, configured: [Self.idB])) {
            try await withStore(Self.with(base, current: Self.keyB)) { _ in }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func rotationResealsEverythingAndRetiresTheOldKey(_ backend: TestBackend) async throws {
        let base = try await backend.freshConfiguration()
        defer { TestBackend.removeHome(of: base) }
        // Plain rows from before the store had a key, then rows under key A.
        try await withStore(base) { store in try await Self.write(store, customers: ["c1"]) }
        try await withStore(Self.with(base, current: Self.keyA)) { store in
            try await Self.expectReadable(store, "c1")
            try await Self.write(store, customers: ["c2"])
        }
        // Rotating to B: both keys configured; writes are sealed under B at once.
        let rotating = Self.with(base, current: Self.keyB, previous: Self.keyA)
        try await withStore(rotating) { store in
            try await Self.write(store, customers: ["c3"])
            #expect(try await store.dataKeys.map { "\($0.keyID):\($0.state.rawValue)" } == [
                "\(Self.idA):previous", "\(Self.idB):active",
            ])
            let pages = ProgressPages()
            let summary = try await store.keyRotation.run(actor: "ops", pageSize: 2) { pages.add($0) }
            #expect(summary.resealed["online_features"] == 2, "c3's features were sealed under B already")
            #expect(summary.resealed["predictions_log"] == 4)
            #expect(summary.resealed["raw_customers"] == 2)
            #expect(summary.resealed["campaign_candidates"] == 2 && summary.resealed["retention_outcomes"] == 2)
            #expect(summary.retiredKeyIDs == [Self.idA])
            #expect(!summary.resumed)
            #expect(pages.values.filter { $0.table == "predictions_log" }.map(\.scanned) == [2, 4, 6])
            let stored = try await Self.storedValues(store)
            #expect(Self.allSealed(stored, under: Self.idB, on: store))
            #expect(try await store.auditLog.entries(limit: 5).contains { $0.action == "keys.rotate" })
        }
        // Key A is no longer needed.
        try await withStore(Self.with(base, current: Self.keyB)) { store in
            for customer in ["c1", "c2", "c3"] { try await Self.expectReadable(store, customer) }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anInterruptedRotationResumesAtItsMarker(_ backend: TestBackend) async throws {
        let base = try await backend.freshConfiguration()
        defer { TestBackend.removeHome(of: base) }
        try await withStore(Self.with(base, current: Self.keyA)) { store in try await Self.write(store, customers: ["c1", "c2"]) }
        try await withStore(Self.with(base, current: Self.keyB, previous: Self.keyA)) { store in
            // As if a rotation had stopped after the online store and c1 of raw_customers.
            let marker = #"["c1"]"#
            try await store.database.withConnection { db in
                try await db.raw("""
                    UPDATE data_keys SET rotation_table = 'raw_customers', rotation_after = \(bind: marker) WHERE key_id = \(bind: Self.idB)
                    """).run()
            }
            let summary = try await store.keyRotation.run(actor: "ops")
            #expect(summary.resumed)
            #expect(summary.resealed["online_features"] == nil && summary.resealed["predictions_log"] == nil, "done before the marker")
            #expect(summary.resealed["raw_customers"] == 1, "only c2's row is after the marker")
            #expect(summary.resealed["raw_churn_events"] == 2)
            #expect(try await store.dataKeys.first { $0.keyID == (Self.idB) }?.rotationTable == nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theExportOpensAndNestsWhatIsSealed(_ backend: TestBackend) async throws {
        let base = try await backend.freshConfiguration()
        defer { TestBackend.removeHome(of: base) }
        try await withStore(Self.with(base, current: Self.keyA)) { store in
            try await Self.write(store, customers: ["c1", "c2"])
            let export = try await store.customerData.export(customerID: "c1", actor: "dpo")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(try export.jsonDocument().utf8)) as? [String: Any])
            let tables = try #require(document["tables"] as? [String: [[String: Any]]])
            let features = try #require(tables["online_features"]?.first?["features"] as? [String: Any])
            #expect(features["secret_signal"] as? String == "c1-signal")
            let logged = try #require(tables["predictions_log"])
            #expect(logged.count == 2)
            #expect(logged.allSatisfy { $0["inference_features"] is [String: Any] })
            #expect(tables["raw_customers"]?.first?["plan"] as? String == "pro-plan")
            #expect(tables["raw_churn_events"]?.first?["reason"] as? String == "too-expensive")
            #expect(tables["campaign_candidates"]?.first?["reasons"] as? [String] == ["risk HIGH", "secret_signal = c1-signal"])
            #expect(tables["retention_outcomes"]?.first?["notes"] as? String == "c1 said too-expensive")
            #expect(!(try export.jsonDocument()).contains("enc:v1:"))
        }
    }
}

final class ProgressPages: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [DataKeyRotation.Progress] = []
    func add(_ progress: DataKeyRotation.Progress) { lock.withLock { stored.append(progress) } }
    var values: [DataKeyRotation.Progress] { lock.withLock { stored } }
}
