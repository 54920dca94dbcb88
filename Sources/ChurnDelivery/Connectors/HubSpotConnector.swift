import AsyncHTTPClient
import ChurnStore
import Foundation

/// HubSpot CRM v3 for one action, with a private app token: the company (or contact) upserted by
/// its unique id property (`POST /crm/v3/objects/{object}/batch/upsert`, one input), then — unless
/// a task carrying this action's key already exists (`POST /crm/v3/objects/tasks/search`) — a task
/// associated with it (`POST /crm/v3/objects/tasks`). A 429 is honoured through `Retry-After` or
/// HubSpot's `X-HubSpot-RateLimit-Interval-Milliseconds`.
struct HubSpotConnector {
    let destination: DestinationConfiguration
    let exchange: HTTPExchange

    /// HubSpot's default association types: task to company, task to contact.
    static func associationType(object: String) -> Int { object == "contacts" ? 204 : 192 }

    func send(_ message: OutboxMessage) async -> DeliveryAnswer {
        let record: CRMRecord
        do {
            record = try CRMRecord(message)
        } catch {
            return .refused(nil, "the message is neither a retention action nor a tier sync: \(error)")
        }
        let settings = destination.crm
        let base = destination.url.absoluteString.trimmingSuffix("/")
        let token = destination.secrets.first ?? ""
        do {
            var properties: [String: Any] = [:]
            for (name, value) in record.values { properties[settings.field(name, for: .hubspot)] = "\(value)" }
            let upsert = try await exchange.send(try HTTPExchange.request(
                .POST, "\(base)/crm/v3/objects/\(settings.object)/batch/upsert",
                json: ["inputs": [["idProperty": settings.idProperty, "id": record.customerID, "properties": properties]]], bearer: token))
            guard upsert.isSuccess else { return judge(upsert, step: "\(settings.object) upsert") }
            guard let action = record.action else { return .delivered(upsert.status) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(upsert.body.utf8)) as? [String: Any],
                  let results = object["results"] as? [[String: Any]], let recordID = results.first?["id"] as? String else {
                return .refused(upsert.status, "\(settings.object) upsert: the answer names no record id")
            }

            // The key is in the subject, so a re-sent action finds its task instead of adding one.
            let subject = "\(action.subject) [\(Self.marker(action.key))]"
            let search = try await exchange.send(try HTTPExchange.request(.POST, "\(base)/crm/v3/objects/tasks/search", json: [
                "filterGroups": [["filters": [["propertyName": "hs_task_subject", "operator": "CONTAINS_TOKEN", "value": Self.marker(action.key)]]]],
                "limit": 1,
            ], bearer: token))
            guard search.isSuccess else { return judge(search, step: "task search") }
            if let found = try? JSONSerialization.jsonObject(with: Data(search.body.utf8)) as? [String: Any], (found["total"] as? Int ?? 0) > 0 {
                return .delivered(search.status)
            }
            let priority = action.priority == "High" ? "HIGH" : "MEDIUM"
            let task = try await exchange.send(try HTTPExchange.request(.POST, "\(base)/crm/v3/objects/tasks", json: [
                "properties": [
                    "hs_timestamp": action.action.expires_at, "hs_task_subject": subject, "hs_task_body": action.body,
                    "hs_task_priority": priority, "hs_task_status": "NOT_STARTED",
                ],
                "associations": [[
                    "to": ["id": recordID],
                    "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": Self.associationType(object: settings.object)]],
                ]],
            ], bearer: token))
            guard task.isSuccess else { return judge(task, step: "task") }
            return .delivered(task.status)
        } catch {
            return .noAnswer(error)
        }
    }

    /// A token that identifies the action in a task subject (HubSpot searches subjects by token).
    static func marker(_ key: String) -> String { "cg-" + ActionLabel.hash(key) }

    private func judge(_ reply: HTTPReply, step: String) -> DeliveryAnswer {
        var answer = DeliveryAnswer.judging(reply, step: step)
        if reply.status == 429, case .retry(nil) = answer.verdict,
           let interval = reply.headers.first(name: "x-hubspot-ratelimit-interval-milliseconds").flatMap(Double.init) {
            answer.verdict = .retry(retryAfter: min(interval / 1_000, 60))
        }
        return answer
    }
}
