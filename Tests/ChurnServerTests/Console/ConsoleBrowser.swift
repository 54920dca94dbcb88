import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// A browser's part in the console tests: keeps the cookies the server sets, signs in through the
/// form as a person would (login cookie, CSRF field), and reads the session's CSRF token from the
/// sign-out form every page carries.
struct ConsoleBrowser {
    var cookies: [String: String] = [:]
    var csrf = ""

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
    }

    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> Page {
        try await send(client, uri, method: .get, body: nil, contentType: nil)
    }

    /// Posts a urlencoded form; the session's CSRF token is added unless `fields` has one.
    mutating func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> Page {
        var fields = fields
        if csrf, !fields.contains(where: { $0.0 == "csrf" }) { fields.append(("csrf", self.csrf)) }
        let body = fields.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(client, uri, method: .post, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    /// Posts a file as `multipart/form-data`, as a browser's file input does.
    mutating func upload(_ client: some TestClientProtocol, _ uri: String, file: String) async throws -> Page {
        let boundary = "----churnguard-test-boundary"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"customers.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return try await send(client, uri, method: .post, body: Data(body.utf8), contentType: "multipart/form-data; boundary=\(boundary)")
    }

    mutating func send(_ client: some TestClientProtocol, _ uri: String, method: HTTPRequest.Method, body: Data?, contentType: String?) async throws -> Page {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        if let contentType { headers[.contentType] = contentType }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        for setCookie in page.headers[values: .setCookie] {
            let pair = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || setCookie.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
        }
        if let token = Self.hiddenCSRF(in: page.body) { csrf = token }
        return page
    }

    /// Opens the sign-in form and submits `fields` with its CSRF token.
    mutating func signIn(_ client: some TestClientProtocol, _ fields: [(String, String)]) async throws -> Page {
        let form = try await get(client, "/console/login")
        #expect(form.status == .ok)
        return try await post(client, "/console/login", fields + [("csrf", Self.hiddenCSRF(in: form.body) ?? "")], csrf: false)
    }

    mutating func signIn(_ client: some TestClientProtocol, token: String) async throws {
        let page = try await signIn(client, [("token", token)])
        #expect(page.status == .seeOther, "\(page.body)")
        #expect(cookies[ConsoleSessions.cookieName] != nil)
        // A page carries the session's CSRF token in its sign-out form.
        _ = try await get(client, page.location ?? "/console")
    }

    static func hiddenCSRF(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let value = String(rest[..<end])
        return value.isEmpty ? nil : value
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// A server with a real SQLite store and some data for every console page: scores of two days,
/// a registry with two versions, a campaign with decisions, an outcome, an outbox message.
enum ConsoleFixture {
    /// The console of a server on a fresh store (seeded unless `seeded` is false), for `body`.
    static func withConsole(
        seeded: Bool = true, _ body: @escaping @Sendable (any TestClientProtocol, TestServer, ChurnStore) async throws -> Void
    ) async throws {
        try await withTestStore { store, home in
            if seeded { try await seed(store, home: home) }
            let test = try await server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in try await body(client, test, store) }
        }
    }

    static func server(_ store: ChurnStore, home: String, configure: (inout ChurnServer.Configuration) -> Void = { _ in }) async throws -> TestServer {
        let writer = PredictionsLogWriter(store: StorePredictionLog(store: store), spool: try PredictionSpool(directory: home + "/spool"))
        var test = try await TestServer(sink: writer)
        test.server.store = store
        test.server.lookup = StoreFeatureLookup(store: store, schemas: { [models = test.server.models] in models.snapshot.schemas })
        configure(&test.server.configuration)
        return test
    }

    static let evilID = "<script>alert(1)</script>"

    static func seed(_ store: ChurnStore, home: String) async throws {
        var records: [PredictionRecord] = []
        for (day, count) in [("2025-11-01", 80), ("2025-12-01", 120)] {
            for i in 0..<count {
                let probability = Double(i % 100) / 100
                records.append(PredictionRecord(
                    customerID: "c\(String(format: "%03d", i))", asOf: day, churnProbability: probability,
                    churnRiskLevel: probability >= 0.8 ? "CRITICAL" : probability >= 0.5 ? "HIGH" : probability >= 0.2 ? "MEDIUM" : "LOW",
                    modelVersion: "v-test", rawProbability: max(0.01, min(0.99, probability)), topChurnFeature: "engagement_score",
                    reasonsJSON: #"[{"contribution":0.8,"feature":"engagement_score","value":"0.1"},{"contribution":-0.2,"feature":"autopay","value":"true"}]"#,
                    inferenceFeaturesJSON: #"{"engagement_score":0.1}"#))
            }
        }
        records.append(PredictionRecord(customerID: evilID, asOf: "2025-12-01", churnProbability: 0.995, churnRiskLevel: "CRITICAL", modelVersion: "v-test",
                                        topChurnFeature: "<b>bold</b>", inferenceFeaturesJSON: "{}"))
        _ = try await store.predictionsLog.insert(records)
        _ = try await store.onlineFeatures.upsert([StoredFeatures(customerID: "c001", asOf: "2025-12-01", featuresJSON: #"{"engagement_score":0.1,"autopay":true}"#)])
        let model = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/model.json"))
        for version in ["v-a", "v-b"] {
            let bundle = try ModelBundle(manifest: BundleManifest(version: version, featureSchema: TestServer.schema), modelJSON: model)
            try bundle.save(to: home + "/bundles/" + version)
            try await store.modelRegistry.registerCandidate(version: version, metricsJSON: #"{"roc_auc":0.91}"#, bundlePath: home + "/bundles/" + version, actor: "test")
        }
        _ = try await store.modelRegistry.setStage("v-a", to: .production, actor: "test", reason: "first")
        let campaign = CampaignRecord(campaignID: "camp-1", programID: "<i>program</i>", asOf: "2025-12-01", expiresAt: Date().addingTimeInterval(30 * 86_400),
                                      createdBy: "ops", candidates: 2, holdout: 1)
        let candidates = ["c090", "c095", "c099"].enumerated().map { index, id in
            CandidateRecord(campaignID: "camp-1", customerID: id, programID: "<i>program</i>", asOf: "2025-12-01", riskLevel: "CRITICAL",
                            churnProbability: Double(90 + index * 4) / 100, segment: index == 0 ? "champions" : "at_risk", offerID: "discount_20",
                            offerType: "discount", channel: "email", route: "retention", lifetimeValue: 1_000, lift: 0.1, cost: 20, expectedValue: 80,
                            priority: Double(index), reasonsJSON: #"["engagement_score"]"#, isHoldout: index == 2, expiresAt: Date().addingTimeInterval(30 * 86_400))
        }
        try await store.campaigns.create(campaign, candidates: candidates, messages: [
            OutboxMessageDraft(destination: "crm-webhook", kind: "retention.action", idempotencyKey: "camp-1/c090/discount_20", payloadJSON: "{}")
        ])
        _ = try await store.outcomes.record(OutcomeRecord(outcomeID: "o-1", campaignID: "camp-1", customerID: "c090", retained: true, observedAt: Date(), recordedAt: Date(), recordedBy: "ops"))
    }

    /// Every page, with the roles that may open it.
    static let pages: [(uri: String, roles: Set<Role>)] = [
        ("/console", ConsoleRoles.readers),
        ("/console/at-risk", ConsoleRoles.readers),
        ("/console/at-risk?tier=CRITICAL&segment=champions", ConsoleRoles.readers),
        ("/console/at-risk.csv?tier=CRITICAL", ConsoleRoles.readers),
        ("/console/customer?id=c001", ConsoleRoles.readers),
        ("/console/models", ConsoleRoles.readers),
        ("/console/models/v-b", ConsoleRoles.readers),
        ("/console/models/compare?a=v-a&b=v-b", ConsoleRoles.readers),
        ("/console/campaigns", ConsoleRoles.readers),
        ("/console/campaigns/camp-1", ConsoleRoles.readers),
        ("/console/monitoring", ConsoleRoles.readers),
        ("/console/delivery", ConsoleRoles.readers),
        ("/console/predict", ConsoleRoles.scorers),
        ("/console/models/v-b/promote", ConsoleRoles.admins),
        ("/console/models/rollback", ConsoleRoles.admins),
        ("/console/models/v-b/canary", ConsoleRoles.admins),
        ("/console/models/v-b/shadow", ConsoleRoles.admins),
    ]
}
