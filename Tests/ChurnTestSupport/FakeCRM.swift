import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Salesforce, HubSpot and Jira Cloud on one loopback port, as far as ChurnGuard's delivery uses
/// them: their paths, their auth (OAuth client credentials, a private-app bearer token, basic auth)
/// and their payload shapes, which are checked. They fail like the real ones when told to: a
/// scripted reply per endpoint (429 with `Retry-After` or HubSpot's rate-limit headers, 503,
/// Salesforce's 300 and 403 `REQUEST_LIMIT_EXCEEDED`), an expired Salesforce session (401), or a
/// reply slower than the sender's timeout.
public final class FakeCRM: Sendable {
    public static let clientID = "3MVG9-fake-client"
    public static let clientSecret = "fake-client-secret"
    public static let hubSpotToken = "pat-na1-fake"
    public static let jiraUser = "ops@example.com"
    public static let jiraToken = "jira-fake-token"

    public enum Reply: Sendable, Equatable {
        case status(Int, body: String = "", headers: [String: String] = [:])
        case slow(seconds: Double)
    }

    public struct State: Sendable {
        /// Replies for the next requests to an endpoint (`sf.token`, `sf.account`, `sf.task`,
        /// `hs.upsert`, `hs.search`, `hs.task`, `jira.search`, `jira.issue`), in order.
        public var scripts: [String: [Reply]] = [:]
        public var requests: [String: Int] = [:]
        public var tokensIssued = 0
        public var validSession = ""
        /// Customer ids that more than one Salesforce account carries (upserting them answers 300).
        public var duplicateAccounts: Set<String> = []
        public var accounts: [String: [String: String]] = [:]
        public var salesforceTasks: [String: [String: String]] = [:]
        public var companies: [String: (id: String, properties: [String: String])] = [:]
        public var hubSpotTasks: [(subject: String, priority: String, associatedWith: String)] = []
        public var jiraIssues: [(key: String, summary: String, labels: [String], priority: String)] = []
        public var rejectedPayloads: [String] = []
    }

    let state = Mutex(State())

    public init() {}

    public func update(_ change: (inout State) -> Void) { state.withLock { change(&$0) } }
    public func snapshot<T>(_ read: (State) -> T) -> T { state.withLock { read($0) } }

    /// Ends the current Salesforce session: the next call with its token answers 401.
    public func expireSession() { update { $0.validSession = "" } }

    private func scripted(_ endpoint: String) async -> Response? {
        let reply: Reply? = state.withLock { state in
            state.requests[endpoint, default: 0] += 1
            guard var script = state.scripts[endpoint], !script.isEmpty else { return nil }
            let next = script.removeFirst()
            state.scripts[endpoint] = script
            return next
        }
        switch reply {
        case nil: return nil
        case .slow(let seconds)?:
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        case .status(let code, let body, let headers)?:
            var fields = HTTPFields()
            for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
            return Response(status: .init(code: code), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    private func json(_ request: Request) async throws -> [String: Any]? {
        let body = try await request.body.collect(upTo: 1 << 20)
        return try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
    }

    private static func reply(_ status: HTTPResponse.Status, _ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func reject(_ what: String) -> Response {
        update { $0.rejectedPayloads.append(what) }
        return Self.reply(.badRequest, [["errorCode": "INVALID_FIELD", "message": what]])
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        // Salesforce: OAuth 2.0 client credentials.
        router.post("services/oauth2/token") { request, context -> Response in
            if let forced = await self.scripted("sf.token") { return forced }
            let form = String(buffer: try await request.body.collect(upTo: 1 << 16))
            let fields = Dictionary(form.split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { a, _ in a })
            guard fields["grant_type"] == "client_credentials", fields["client_id"] == Self.clientID, fields["client_secret"] == Self.clientSecret else {
                return Self.reply(.badRequest, ["error": "invalid_client", "error_description": "invalid client credentials"])
            }
            let token = "00D-session-\(UUID().uuidString)"
            self.update { $0.tokensIssued += 1; $0.validSession = token }
            return Self.reply(.ok, ["access_token": token, "instance_url": "http://\(request.head.authority ?? "127.0.0.1")", "token_type": "Bearer"])
        }
        router.patch("services/data/:version/sobjects/Account/:field/:value") { request, context -> Response in
            guard self.authorizedSalesforce(request) else { return Self.reply(.unauthorized, [["errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"]]) }
            if let forced = await self.scripted("sf.account") { return forced }
            let customer = context.parameters.get("value") ?? ""
            guard let body = try await self.json(request), !body.isEmpty, body.values.allSatisfy({ $0 is String || $0 is NSNumber }) else {
                return self.reject("account fields must be a flat JSON object")
            }
            if self.snapshot({ $0.duplicateAccounts.contains(customer) }) {
                return Self.reply(.multipleChoices, ["/services/data/v60.0/sobjects/Account/001A", "/services/data/v60.0/sobjects/Account/001B"])
            }
            let created = self.state.withLock { state -> Bool in
                let isNew = state.accounts[customer] == nil
                state.accounts[customer, default: [:]].merge(body.mapValues { "\($0)" }) { _, new in new }
                return isNew
            }
            return created ? Self.reply(.created, ["id": "001\(customer)", "success": true, "created": true]) : Response(status: .noContent)
        }
        router.patch("services/data/:version/sobjects/Task/:field/:value") { request, context -> Response in
            guard self.authorizedSalesforce(request) else { return Self.reply(.unauthorized, [["errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"]]) }
            if let forced = await self.scripted("sf.task") { return forced }
            let key = context.parameters.get("value")?.removingPercentEncoding ?? ""
            guard let body = try await self.json(request), let subject = body["Subject"] as? String, !subject.isEmpty,
                  let what = body["What"] as? [String: Any], (what["attributes"] as? [String: Any])?["type"] as? String == "Account",
                  let date = body["ActivityDate"] as? String, date.count == 10 else {
                return self.reject("a Task needs Subject, ActivityDate (YYYY-MM-DD) and What (an Account reference)")
            }
            let created = self.state.withLock { state -> Bool in
                let isNew = state.salesforceTasks[key] == nil
                state.salesforceTasks[key] = ["Subject": subject, "Priority": body["Priority"] as? String ?? "", "ActivityDate": date]
                return isNew
            }
            return created ? Self.reply(.created, ["id": "00T\(self.snapshot { $0.salesforceTasks.count })", "success": true, "created": true]) : Response(status: .noContent)
        }
        // HubSpot CRM v3.
        router.post("crm/v3/objects/:object/batch/upsert") { request, context -> Response in
            guard request.headers[.authorization] == "Bearer \(Self.hubSpotToken)" else { return Self.reply(.unauthorized, ["status": "error", "category": "INVALID_AUTHENTICATION"]) }
            if let forced = await self.scripted("hs.upsert") { return forced }
            guard let body = try await self.json(request), let inputs = body["inputs"] as? [[String: Any]], (1...100).contains(inputs.count) else {
                return self.reject("batch upsert takes 1 to 100 inputs")
            }
            var results: [[String: Any]] = []
            for input in inputs {
                guard input["idProperty"] is String, let id = input["id"] as? String, let properties = input["properties"] as? [String: String] else {
                    return self.reject("each input needs idProperty, id and string properties")
                }
                let recordID = self.state.withLock { state -> String in
                    let recordID = state.companies[id]?.id ?? String(9_000 + state.companies.count)
                    state.companies[id] = (recordID, (state.companies[id]?.properties ?? [:]).merging(properties) { _, new in new })
                    return recordID
                }
                results.append(["id": recordID, "properties": properties])
            }
            return Self.reply(.ok, ["status": "COMPLETE", "results": results])
        }
        router.post("crm/v3/objects/tasks/search") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer \(Self.hubSpotToken)" else { return Self.reply(.unauthorized, ["status": "error"]) }
            if let forced = await self.scripted("hs.search") { return forced }
            let body = try await self.json(request)
            let filter = ((body?["filterGroups"] as? [[String: Any]])?.first?["filters"] as? [[String: Any]])?.first
            let token = filter?["value"] as? String ?? ""
            let matches = self.snapshot { $0.hubSpotTasks.filter { $0.subject.contains(token) } }
            return Self.reply(.ok, ["total": token.isEmpty ? 0 : matches.count, "results": matches.map { ["properties": ["hs_task_subject": $0.subject]] }])
        }
        router.post("crm/v3/objects/tasks") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer \(Self.hubSpotToken)" else { return Self.reply(.unauthorized, ["status": "error"]) }
            if let forced = await self.scripted("hs.task") { return forced }
            guard let body = try await self.json(request), let properties = body["properties"] as? [String: Any],
                  let subject = properties["hs_task_subject"] as? String, properties["hs_timestamp"] is String,
                  let priority = properties["hs_task_priority"] as? String, ["HIGH", "MEDIUM", "LOW"].contains(priority),
                  let association = (body["associations"] as? [[String: Any]])?.first, let to = (association["to"] as? [String: Any])?["id"] as? String else {
                return self.reject("a task needs hs_timestamp, hs_task_subject, hs_task_priority and an association")
            }
            self.update { $0.hubSpotTasks.append((subject, priority, to)) }
            return Self.reply(.created, ["id": "task-\(UUID().uuidString.prefix(8))"])
        }
        // Jira Cloud.
        router.get("rest/api/3/search/jql") { request, _ -> Response in
            guard self.authorizedJira(request) else { return Response(status: .unauthorized) }
            if let forced = await self.scripted("jira.search") { return forced }
            let jql = request.uri.queryParameters.get("jql") ?? ""
            let label = jql.firstMatch(of: /labels = "([^"]+)"/).map { String($0.output.1) } ?? ""
            let issues = self.snapshot { $0.jiraIssues.filter { $0.labels.contains(label) } }
            return Self.reply(.ok, ["issues": issues.map { ["key": $0.key] }, "isLast": true])
        }
        router.post("rest/api/3/issue") { request, _ -> Response in
            guard self.authorizedJira(request) else { return Response(status: .unauthorized) }
            if let forced = await self.scripted("jira.issue") { return forced }
            guard let body = try await self.json(request), let fields = body["fields"] as? [String: Any],
                  let project = (fields["project"] as? [String: Any])?["key"] as? String, !project.isEmpty,
                  (fields["issuetype"] as? [String: Any])?["name"] is String,
                  let summary = fields["summary"] as? String, !summary.isEmpty,
                  let description = fields["description"] as? [String: Any], description["type"] as? String == "doc", description["version"] as? Int == 1,
                  let labels = fields["labels"] as? [String], let priority = (fields["priority"] as? [String: Any])?["name"] as? String else {
                return Self.reply(.badRequest, ["errorMessages": [], "errors": ["description": "Operation value must be an Atlassian Document"]])
            }
            let key = self.state.withLock { state -> String in
                let key = "\(project)-\(state.jiraIssues.count + 1)"
                state.jiraIssues.append((key, summary, labels, priority))
                return key
            }
            return Self.reply(.created, ["id": "10\(key.count)", "key": key, "self": "http://jira/rest/api/3/issue/\(key)"])
        }
        return router
    }

    private func authorizedSalesforce(_ request: Request) -> Bool {
        let session = snapshot(\.validSession)
        return !session.isEmpty && request.headers[.authorization] == "Bearer \(session)"
    }

    private func authorizedJira(_ request: Request) -> Bool {
        request.headers[.authorization] == "Basic " + Data("\(Self.jiraUser):\(Self.jiraToken)".utf8).base64EncodedString()
    }

    /// Runs the fake on a free loopback port for the duration of `body`.
    public func run<Value: Sendable>(_ body: (Int) async throws -> Value) async throws -> Value {
        try await withRunningApplication({ onPort in
            Application(
                router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in await onPort(channel.localAddress?.port ?? 0) },
                logger: WebhookReceiver.quiet)
        }, body)
    }
}
