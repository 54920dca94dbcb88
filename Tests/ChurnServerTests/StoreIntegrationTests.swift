import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import ChurnServer

/// The server over a real SQLite store: served predictions land in the predictions log, stored
/// features fill in what a request leaves out, and promotion/rollback go through the registry.
@Suite struct StoreIntegrationTests {
    static func serving(_ store: ChurnStore, home: String) async throws -> (TestServer, PredictionsLogWriter) {
        let writer = PredictionsLogWriter(
            store: StorePredictionLog(store: store), spool: try PredictionSpool(directory: home + "/spool"))
        var test = try await TestServer(sink: writer)
        test.server.store = store
        test.server.lookup = StoreFeatureLookup(store: store, schemas: { [models = test.server.models] in models.snapshot.schemas })
        return (test, writer)
    }

    @Test func servedPredictionsAreInTheLogAndStoredFeaturesFillGaps() async throws {
        try await withTestStore { store, home in
            let (test, _) = try await Self.serving(store, home: home)
            // The store knows this customer's engagement; the request does not send it.
            _ = try await store.onlineFeatures.upsert([
                StoredFeatures(customerID: "known-1", asOf: "2025-12-01", featuresJSON: #"{"engagement_score":0.05,"behavioral_score":12}"#)
            ])
            let headers = try await test.headers(.scorer)
            let predictor = test.server.models.snapshot.production
            let servedIDs = IDBox()
            try await test.server.makeApplication().test(.router) { client in
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers,
                                         body: ByteBuffer(string: #"[{"customer_id":"known-1","support_ticket_volume_30d":4},{"customer_id":"unknown-2"}]"#)) { response in
                    #expect(response.status == .ok)
                    let array = try #require(json(response.body) as? [[String: Any]])
                    let expected = predictor.predict(
                        customerID: "known-1", values: [.number(12), .missing, .number(4), .number(0.05), .missing, .missing])
                    #expect(abs((array[0]["churn_probability"] as? Double ?? -1) - expected.churnProbability) < 1e-6)
                    servedIDs.ids = array.compactMap { $0["prediction_id"] as? String }
                }
            }
            // One canonical form: the ids a client was given are the text the log holds, byte for byte.
            // (The writer commits before the response is sent, so the rows are there.)
            let stored = try await ChildProcess.run(["sqlite3", home + "/churnguard.sqlite", "SELECT prediction_id FROM predictions_log ORDER BY prediction_id"])
            #expect(servedIDs.ids.count == 2)
            #expect(stored.output.split(separator: "\n").map(String.init) == servedIDs.ids.sorted(), "\(stored.output) \(stored.errors)")
            let analyst = try await test.headers(.analyst)
            try await test.server.makeApplication().test(.router) { client in
                try await client.execute(uri: "/api/v1/customers/known-1/risk", method: .get, headers: analyst) { response in
                    #expect(response.status == .ok)
                    let object = try #require(json(response.body) as? [String: Any])
                    #expect(object["customer_id"] as? String == "known-1")
                    #expect((object["history"] as? [Any])?.count == 1)
                    #expect(object["recommended_action"] as? String != nil)
                }
                try await client.execute(uri: "/api/v1/customers/known-1/risk", method: .get, headers: headers) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/api/v1/customers/never-seen/risk", method: .get, headers: analyst) { #expect($0.status == .notFound) }
            }
            let known = try #require(try await store.predictionsLog.latest(customerID: "known-1"))
            #expect(known.servedBy == .production)
            #expect(known.modelVersion == "v-test")
            #expect(known.inferenceFeaturesJSON.contains("engagement_score"))
            #expect(try await store.predictionsLog.history(customerID: "unknown-2").count == 1)
        }
    }

    @Test func adminPromotesAndRollsBackThroughTheRegistry() async throws {
        try await withTestStore { store, home in
            let (test, _) = try await Self.serving(store, home: home)
            // Two registered bundles of the same model under different versions.
            let model = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/model.json"))
            for version in ["v-a", "v-b"] {
                let bundle = try ModelBundle(manifest: BundleManifest(version: version, featureSchema: TestServer.schema), modelJSON: model)
                try bundle.save(to: home + "/bundles/" + version)
                try await store.modelRegistry.registerCandidate(version: version, metricsJSON: #"{"roc_auc":0.9}"#, bundlePath: home + "/bundles/" + version, actor: "test")
            }
            let admin = try await test.headers(.admin)
            let scorer = try await test.headers(.scorer)
            try await test.server.makeApplication().test(.router) { client in
                try await client.execute(uri: "/admin/models/v-a/promote", method: .post, headers: scorer) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/admin/models/v-a/promote", method: .post, headers: admin) { #expect($0.status == .ok) }
                // A reason that cannot be read is refused, not dropped from the audit log.
                for (bad, status, field) in [("not json", HTTPResponse.Status.badRequest, nil), (#"{"reason":5}"#, .unprocessableContent, "reason"),
                                             (#"{"why":"x"}"#, .unprocessableContent, "why"),
                                             (#"{"reason":"\#(String(repeating: "r", count: 501))"}"#, .unprocessableContent, "reason")] {
                    try await client.execute(uri: "/admin/models/v-b/promote", method: .post, headers: admin, body: ByteBuffer(string: bad)) { response in
                        #expect(response.status == status, "\(bad)")
                        #expect((json(response.body) as? [String: Any])?["field"] as? String == field, "\(bad)")
                    }
                }
                #expect(try await store.modelRegistry.production()?.version == "v-a")
                try await client.execute(uri: "/admin/models/v-b/promote", method: .post, headers: admin,
                                         body: ByteBuffer(string: #"{"reason":"better"}"#)) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: scorer, body: ByteBuffer(string: TestServer.specExample)) { response in
                    #expect((json(response.body) as? [String: Any])?["model_version"] as? String == "v-b")
                }
                try await client.execute(uri: "/admin/models/rollback", method: .post, headers: admin) { response in
                    #expect(response.status == .ok)
                    #expect((json(response.body) as? [String: Any])?["version"] as? String == "v-a")
                }
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: scorer, body: ByteBuffer(string: TestServer.specExample)) { response in
                    #expect((json(response.body) as? [String: Any])?["model_version"] as? String == "v-a")
                }
                try await client.execute(uri: "/admin/models/nope/promote", method: .post, headers: admin) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(String(buffer: response.body).contains(#"churnguard_model_version{version="v-a"} 1"#))
                }
            }
            let history = try await store.modelRegistry.history(version: "v-b")
            #expect(history.contains { $0.toStage == .production && $0.reason == "better" && $0.actor == "client-admin" })
        }
    }
}

/// The ids a response carried, handed out of the test client's closure.
private final class IDBox: Sendable {
    private let value = Mutex<[String]>([])

    var ids: [String] {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
