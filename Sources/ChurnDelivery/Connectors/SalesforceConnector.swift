import AsyncHTTPClient
import ChurnStore
import Foundation
import NIOCore

/// Salesforce REST for one action: an OAuth 2.0 client-credentials token (cached, refreshed once on
/// 401), the account's risk fields upserted by its external id (`PATCH
/// /services/data/vXX.X/sobjects/Account/{field}/{customer}`), and a Task for the owner upserted by
/// the action's key (`…/sobjects/Task/{task_key_field}/{key}`), so a re-sent action never makes a
/// second task. A 300 (several accounts carry that id) is a dead letter that says so;
/// `REQUEST_LIMIT_EXCEEDED` is back-pressure: retried after a pause, not failed.
struct SalesforceConnector {
    let destination: DestinationConfiguration
    let exchange: HTTPExchange
    let tokens: AccessTokenCache

    /// How long a destination rests after Salesforce's daily or concurrent request limit answers.
    static let limitPause: TimeInterval = 60

    func send(_ message: OutboxMessage) async -> DeliveryAnswer {
        let record: CRMRecord
        do {
            record = try CRMRecord(message)
        } catch {
            return .refused(nil, "the message is neither a retention action nor a tier sync: \(error)")
        }
        do {
            let settings = destination.crm
            var fields: [String: Any] = [:]
            for (name, value) in record.values { fields[settings.field(name, for: .salesforce)] = value }
            let accountPath = "sobjects/Account/\(Self.escape(settings.externalIDField))/\(Self.escape(record.customerID))"
            let account = try await authorized { token in
                try HTTPExchange.request(.PATCH, "\(token.instanceURL)/services/data/\(settings.apiVersion)/\(accountPath)", json: fields, bearer: token.accessToken)
            }
            if let answer = judge(account, step: "account upsert", customer: record.customerID) { return answer }
            guard let action = record.action else { return .delivered(account.status) }

            var task: [String: Any] = [
                "Subject": String(action.subject.prefix(255)), "Description": action.body, "Priority": action.priority,
                "Status": "Not Started", "ActivityDate": String(action.action.expires_at.prefix(10)),
            ]
            // The task hangs off the account, found by the same external id (no extra lookup).
            task["What"] = ["attributes": ["type": "Account"], settings.externalIDField: action.action.customer_id]
            let taskPath = "sobjects/Task/\(Self.escape(settings.taskKeyField))/\(Self.escape(action.key))"
            let created = try await authorized { token in
                try HTTPExchange.request(.PATCH, "\(token.instanceURL)/services/data/\(settings.apiVersion)/\(taskPath)", json: task, bearer: token.accessToken)
            }
            if let answer = judge(created, step: "task upsert", customer: action.action.customer_id) { return answer }
            return .delivered(created.status)
        } catch let refusal as TokenRefusal {
            return refusal.answer
        } catch {
            return .noAnswer(error)
        }
    }

    /// Sends with the cached token; on 401 fetches a new token once and sends again.
    private func authorized(_ make: (AccessTokenCache.Token) throws -> HTTPClientRequest) async throws -> HTTPReply {
        var token = try await tokens.token(for: destination.name, fetch: fetchToken)
        var reply = try await exchange.send(try make(token))
        if reply.status == 401 {
            await tokens.invalidate(destination.name, stale: token)
            token = try await tokens.token(for: destination.name, fetch: fetchToken)
            reply = try await exchange.send(try make(token))
        }
        return reply
    }

    /// nil when the step succeeded; otherwise what the attempt came to.
    private func judge(_ reply: HTTPReply, step: String, customer: String) -> DeliveryAnswer? {
        if reply.isSuccess { return nil }
        if reply.status == 300 {
            return .refused(300, "\(step): several Accounts have \(destination.crm.externalIDField) = \(customer); make it unique, then replay")
        }
        if reply.status == 403, reply.body.contains("REQUEST_LIMIT_EXCEEDED") {
            return DeliveryAnswer(status: 403, verdict: .retry(retryAfter: Self.limitPause), detail: "\(step): Salesforce request limit exceeded; backing off")
        }
        return .judging(reply, step: step)
    }

    private var fetchToken: @Sendable () async throws -> AccessTokenCache.Token {
        { [destination, exchange] in
            var request = HTTPClientRequest(url: destination.url.absoluteString.trimmingSuffix("/") + "/services/oauth2/token")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "accept", value: "application/json")
            let form = [("grant_type", "client_credentials"), ("client_id", destination.crm.clientID ?? ""), ("client_secret", destination.secrets.first ?? "")]
                .map { "\($0)=\(Self.formEscape($1))" }.joined(separator: "&")
            request.body = .bytes(ByteBuffer(string: form))
            let reply = try await exchange.send(request)
            guard reply.isSuccess else {
                // Never echo the body of a refused token request into logs verbatim beyond the error code.
                throw TokenRefusal(answer: reply.status >= 500 || reply.status == 429
                    ? .judging(HTTPReply(status: reply.status, reason: reply.reason, headers: reply.headers, body: ""), step: "token request")
                    : .refused(reply.status, "token request refused (HTTP \(reply.status)): check client_id and the client secret"))
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
                  let token = object["access_token"] as? String else {
                throw TokenRefusal(answer: .refused(reply.status, "token request: the answer has no access_token"))
            }
            let instance = (object["instance_url"] as? String) ?? destination.url.absoluteString
            return AccessTokenCache.Token(accessToken: token, instanceURL: instance.trimmingSuffix("/"))
        }
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? segment
    }

    static func formEscape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}

/// A token request that failed: what the attempt at the message comes to.
struct TokenRefusal: Error {
    var answer: DeliveryAnswer
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
