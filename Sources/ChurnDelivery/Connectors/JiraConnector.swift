import AsyncHTTPClient
import ChurnStore
import Crypto
import Foundation

/// Jira Cloud for one action: unless an issue with the action's label exists already (`GET
/// /rest/api/3/search/jql`), an issue in the project (`POST /rest/api/3/issue`) with an Atlassian
/// Document Format description, the labels `churnguard` and the action's, and a priority from the
/// route (urgent → Highest). Basic auth with the account and its API token.
struct JiraConnector {
    let destination: DestinationConfiguration
    let exchange: HTTPExchange

    func send(_ message: OutboxMessage) async -> DeliveryAnswer {
        let action: ActionMessage
        do {
            action = try ActionMessage(message)
        } catch {
            return .refused(nil, "the message is not a retention action: \(error)")
        }
        let base = destination.url.absoluteString.trimmingSuffix("/")
        let credentials = Data("\(destination.crm.user ?? ""):\(destination.secrets.first ?? "")".utf8).base64EncodedString()
        let label = "cg-" + ActionLabel.hash(action.key)
        do {
            let jql = "labels = \"\(label)\""
            var search = try HTTPExchange.request(.GET, "\(base)/rest/api/3/search/jql?jql=\(SalesforceConnector.escape(jql))&maxResults=1&fields=key")
            search.headers.add(name: "authorization", value: "Basic \(credentials)")
            let found = try await exchange.send(search)
            guard found.isSuccess else { return .judging(found, step: "issue search") }
            if let object = try? JSONSerialization.jsonObject(with: Data(found.body.utf8)) as? [String: Any],
               let issues = object["issues"] as? [Any], !issues.isEmpty {
                return .delivered(found.status)
            }
            let paragraphs = action.body.split(separator: "\n").map { line -> [String: Any] in
                ["type": "paragraph", "content": [["type": "text", "text": String(line)]]]
            }
            var create = try HTTPExchange.request(.POST, "\(base)/rest/api/3/issue", json: ["fields": [
                "project": ["key": destination.crm.project ?? ""],
                "issuetype": ["name": destination.crm.issueType],
                "summary": String(action.subject.prefix(250)),
                "description": ["type": "doc", "version": 1, "content": paragraphs],
                "labels": ["churnguard", label],
                "priority": ["name": action.action.route == "urgent" ? "Highest" : action.priority == "High" ? "High" : "Medium"],
            ] as [String: Any]])
            create.headers.add(name: "authorization", value: "Basic \(credentials)")
            let created = try await exchange.send(create)
            return created.isSuccess ? .delivered(created.status) : .judging(created, step: "issue")
        } catch {
            return .noAnswer(error)
        }
    }
}

/// A short, stable token for an action's idempotency key, fit for a label or a search token.
enum ActionLabel {
    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(10).map { String(format: "%02x", $0) }.joined()
    }
}
