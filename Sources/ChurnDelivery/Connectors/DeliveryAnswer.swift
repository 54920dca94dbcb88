import AsyncHTTPClient
import ChurnStore
import Foundation
import NIOCore
import NIOHTTP1

/// What one attempt at a message came to: the last HTTP status (nil without an answer), the
/// verdict, and a short detail for the outbox's `last_error` (never a credential or a feature).
struct DeliveryAnswer: Sendable {
    var status: Int?
    var verdict: DeliveryVerdict
    var detail: String

    static func delivered(_ status: Int) -> DeliveryAnswer { DeliveryAnswer(status: status, verdict: .delivered, detail: "") }

    static func refused(_ status: Int?, _ detail: String) -> DeliveryAnswer {
        DeliveryAnswer(status: status, verdict: .refused(disablesDestination: false), detail: detail)
    }

    static func noAnswer(_ error: any Error) -> DeliveryAnswer {
        DeliveryAnswer(status: nil, verdict: .retry(retryAfter: nil), detail: "no answer: \(error)")
    }

    /// The generic reading of an answer: 2xx delivered, the retryable statuses retried (honouring
    /// `Retry-After`), any other refusal dead, 410 also retiring the destination.
    static func judging(_ reply: HTTPReply, step: String? = nil) -> DeliveryAnswer {
        DeliveryAnswer(status: reply.status, verdict: DeliveryVerdict.forStatus(reply.status, retryAfter: RetryAfter.seconds(reply.headers.first(name: "retry-after"))),
                       detail: reply.summary(step: step))
    }
}

/// A received answer: status, headers and the start of the body.
struct HTTPReply: Sendable {
    var status: Int
    var reason: String
    var headers: HTTPHeaders
    var body: String

    var isSuccess: Bool { (200..<300).contains(status) }

    func summary(step: String? = nil) -> String {
        (step.map { "\($0): " } ?? "") + "HTTP \(status) \(reason)" + (body.isEmpty ? "" : ": " + String(body.prefix(300)))
    }
}

/// Sends one request with the destination's timeout and reads up to 256 KiB of the answer.
struct HTTPExchange: Sendable {
    let client: HTTPClient
    let timeout: TimeInterval

    func send(_ request: HTTPClientRequest) async throws -> HTTPReply {
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1_000)))
        let body = (try? await response.body.collect(upTo: 256 * 1_024)).map { String(buffer: $0) } ?? ""
        return HTTPReply(status: Int(response.status.code), reason: response.status.reasonPhrase, headers: response.headers, body: body)
    }

    static func request(_ method: HTTPMethod, _ url: String, json: Any? = nil, bearer: String? = nil) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "user-agent", value: "churnguard-delivery")
        request.headers.add(name: "accept", value: "application/json")
        if let bearer { request.headers.add(name: "authorization", value: "Bearer \(bearer)") }
        if let json {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])))
        }
        return request
    }
}
