import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import ChurnServer

/// The online path serves the registry's whole set over a real SQLite store: canary customers (a
/// stable hash of the id) get the canary, everyone else production, the shadow is scored and logged
/// but never returned or counted, and promotion/rollback swap the set.
@Suite struct OnlineCanaryShadowTests {
    static let share = 0.5

    /// Fills `store`'s registry with v-prod in production, v-canary as a 50 % canary and v-shadow as
    /// shadow (the same trees under three versions; the version says which one answered).
    static func register(into store: ChurnStore, home: String) async throws {
        let model = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/model.json"))
        for version in ["v-prod", "v-canary", "v-shadow"] {
            let bundle = try ModelBundle(manifest: BundleManifest(version: version, featureSchema: TestServer.schema), modelJSON: model)
            try bundle.save(to: home + "/bundles/" + version)
            try await store.modelRegistry.registerCandidate(version: version, metricsJSON: "{}", bundlePath: home + "/bundles/" + version, actor: "test")
        }
        try await store.modelRegistry.setStage("v-prod", to: .production, actor: "test")
        try await store.modelRegistry.setStage("v-canary", to: .canary, actor: "test", canaryShare: share)
        try await store.modelRegistry.setStage("v-shadow", to: .shadow, actor: "test")
    }

    static func serving(_ store: ChurnStore, home: String) async throws -> TestServer {
        let (base, _) = try await StoreIntegrationTests.serving(store, home: home)
        var test = base
        let set = try await ServingSetLoader.load(from: store.modelRegistry, logger: Logger(label: "test"))
        var server = ChurnServer(configuration: base.server.configuration, models: set)
        server.store = store
        server.sink = base.server.sink
        server.lookup = StoreFeatureLookup(store: store, schemas: { [models = server.models] in models.snapshot.schemas })
        test.server = server
        return test
    }

    /// Polls until the shadow rows of `customers` are in the log (they are written off the response path).
    static func shadowRows(_ store: ChurnStore, customers: [String], expected: Int? = nil) async throws -> [PredictionRecord] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            var rows: [PredictionRecord] = []
            for id in customers { rows += try await store.predictionsLog.history(customerID: id).filter { $0.servedBy == .shadow } }
            if rows.count >= (expected ?? customers.count) || ContinuousClock.now > deadline { return rows }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func servedCount(_ metrics: String) -> Int {
        metrics.split(separator: "\n").filter { $0.hasPrefix("churnguard_prediction_count") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0) { $0 + Int($1) }
    }

    @Test func predictServesTheCanaryShareAndLogsTheShadowOffTheResponse() async throws {
        try await withTestStore { store, home in
            try await Self.register(into: store, home: home)
            let test = try await Self.serving(store, home: home)
            let ids = (0..<40).map { "cust-\($0)" }
            let assignment = CanaryAssignment(share: Self.share)
            #expect(ids.contains { assignment.servesCanary($0) } && ids.contains { !assignment.servesCanary($0) })
            let body = "[" + ids.map { #"{"customer_id":"\#($0)","behavioral_score":40,"engagement_score":0.3}"# }.joined(separator: ",") + "]"
            let headers = try await test.headers(.scorer)
            try await test.server.makeApplication().test(.router) { client in
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok)
                    let array = try #require(json(response.body) as? [[String: Any]])
                    #expect(array.count == ids.count)
                    for (id, prediction) in zip(ids, array) {
                        #expect(prediction["customer_id"] as? String == id)
                        #expect(prediction["model_version"] as? String == (assignment.servesCanary(id) ? "v-canary" : "v-prod"))
                    }
                }
                // The same customer gets the same version on every request.
                let again = #"{"customer_id":"cust-7","behavioral_score":10}"#
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: again)) { response in
                    #expect((json(response.body) as? [String: Any])?["model_version"] as? String == (assignment.servesCanary("cust-7") ? "v-canary" : "v-prod"))
                }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    // 41 served; the 41 shadow predictions are not counted.
                    #expect(Self.servedCount(String(buffer: response.body)) == 41)
                }
            }
            for id in ids {
                let served = try await store.predictionsLog.history(customerID: id).filter { $0.servedBy != .shadow }
                #expect(served.count == (id == "cust-7" ? 2 : 1))
                let canary = assignment.servesCanary(id)
                #expect(served.first?.servedBy == (canary ? .canary : .production))
                #expect(served.first?.modelVersion == (canary ? "v-canary" : "v-prod"))
            }
            let shadow = try await Self.shadowRows(store, customers: ids, expected: ids.count + 1)
            #expect(shadow.count == ids.count + 1)
            #expect(shadow.allSatisfy { $0.modelVersion == "v-shadow" && !$0.inferenceFeaturesJSON.isEmpty })
            // The shadow shares the request's trace id, so a prediction can be compared with its shadow.
            let trace = try #require(try await store.predictionsLog.latest(customerID: "cust-1")?.traceID)
            #expect(shadow.first { $0.customerID == "cust-1" }?.traceID == trace)
        }
    }

    @Test func riskRouteScoresByTheServingModelAndFollowsPromotionAndRollback() async throws {
        try await withTestStore { store, home in
            try await Self.register(into: store, home: home)
            let test = try await Self.serving(store, home: home)
            let assignment = CanaryAssignment(share: Self.share)
            let canaryCustomer = try #require((0..<100).map { "cust-\($0)" }.first { assignment.servesCanary($0) })
            let productionCustomer = try #require((0..<100).map { "cust-\($0)" }.first { !assignment.servesCanary($0) })
            _ = try await store.onlineFeatures.upsert([canaryCustomer, productionCustomer].map {
                StoredFeatures(customerID: $0, asOf: "2025-12-01", featuresJSON: #"{"behavioral_score":20,"engagement_score":0.2}"#)
            })
            let analyst = try await test.headers(.analyst)
            let admin = try await test.headers(.admin)
            try await test.server.makeApplication().test(.router) { client in
                let canary = try await Self.risk(client, analyst, canaryCustomer)
                #expect(canary["model_version"] as? String == "v-canary")
                #expect(canary["as_of"] as? String == "2025-12-01")
                #expect((canary["reasons"] as? [Any])?.isEmpty == false)
                #expect(try await Self.risk(client, analyst, productionCustomer)["model_version"] as? String == "v-prod")
                // Asked again, the logged prediction is answered: no second row.
                #expect((try await Self.risk(client, analyst, canaryCustomer)["history"] as? [Any])?.count == 1)

                try await client.execute(uri: "/admin/models/v-canary/promote", method: .post, headers: admin) { #expect($0.status == .ok) }
                #expect(test.server.models.snapshot.canary == nil)
                #expect(test.server.models.snapshot.shadow?.bundle.version == "v-shadow")
                // v-canary now serves everyone: the production customer is rescored by it.
                let promoted = try await Self.risk(client, analyst, productionCustomer)
                #expect(promoted["model_version"] as? String == "v-canary")
                #expect((promoted["history"] as? [Any])?.count == 2)

                try await client.execute(uri: "/admin/models/rollback", method: .post, headers: admin) { #expect($0.status == .ok) }
                #expect(test.server.models.snapshot.production.bundle.version == "v-prod")
                #expect(try await Self.risk(client, analyst, canaryCustomer)["model_version"] as? String == "v-prod")
            }
            let canaryRows = try await store.predictionsLog.history(customerID: canaryCustomer).filter { $0.servedBy != .shadow }
            #expect(canaryRows.map(\.servedBy) == [.production, .canary])
            #expect(canaryRows.map(\.modelVersion) == ["v-prod", "v-canary"])
            let productionRows = try await store.predictionsLog.history(customerID: productionCustomer).filter { $0.servedBy != .shadow }
            #expect(productionRows.map(\.modelVersion) == ["v-canary", "v-prod"])
            #expect(productionRows.allSatisfy { $0.servedBy == .production })
            // Every live scoring (four) was shadowed too.
            #expect(try await Self.shadowRows(store, customers: [canaryCustomer, productionCustomer]).count >= 2)
        }
    }

    static func risk(_ client: some TestClientProtocol, _ headers: HTTPFields, _ id: String) async throws -> [String: Any] {
        let response = try await client.executeRequest(uri: "/api/v1/customers/\(id)/risk", method: .get, headers: headers, body: nil)
        #expect(response.status == .ok)
        return try #require(json(response.body) as? [String: Any])
    }

    @Test func serverFollowsTheRegistry() async throws {
        try await withTestStore { store, home in
            try await Self.register(into: store, home: home)
            var test = try await TestServer()
            test.server.store = store
            // Started with a bundle alone; the registry has production, canary and shadow.
            #expect(try await test.server.reloadFromRegistry(logger: Logger(label: "test")))
            let snapshot = test.server.models.snapshot
            #expect(snapshot.production.bundle.version == "v-prod")
            #expect(snapshot.canary?.bundle.version == "v-canary")
            #expect(snapshot.canaryAssignment?.share == Self.share)
            #expect(snapshot.shadow?.bundle.version == "v-shadow")
            // Nothing changed: no swap.
            #expect(try await test.server.reloadFromRegistry(logger: Logger(label: "test")) == false)
            try await store.modelRegistry.setStage("v-shadow", to: .archived, actor: "test")
            #expect(try await test.server.reloadFromRegistry(logger: Logger(label: "test")))
            #expect(test.server.models.snapshot.shadow == nil)
            _ = home
        }
    }
}
