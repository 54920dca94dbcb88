import ChurnDelivery
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A receiver of Standard Webhooks on a free loopback port, as a subscriber would write one: it
/// rejects stale timestamps and bad signatures, applies each `webhook-id` once however often it
/// arrives, and can be told to fail (an HTTP status with `Retry-After`, or a reply slower than the
/// sender's timeout). `/slack` stands in for a Slack incoming webhook.
public final class WebhookReceiver: Sendable {
    public enum Reply: Sendable, Equatable {
        case ok
        case status(Int, retryAfter: String? = nil, body: String = "")
        /// Applies the message, but answers only after this many seconds.
        case slow(seconds: Double)
    }

    public struct State: Sendable {
        /// Replies for the next requests, in order; then `fallback`, except every `failEvery`-th request answers 503.
        public var script: [Reply] = []
        public var fallback: Reply = .ok
        public var failEvery: Int?
        /// Accepts at most this many requests per second (windows from the first request); beyond, 429 with `Retry-After: 1`.
        public var perSecondLimit: Int?
        var windowStart: Date?
        var windowCount = 0
        public var requests = 0
        /// How often each `webhook-id` arrived with a valid signature, and the ids applied (once each).
        public var arrivals: [String: Int] = [:]
        public var applied: [String] = []
        public var badSignatures = 0
        public var staleTimestamps = 0
        /// When each request arrived and what it got, in order.
        public var log: [(at: Date, id: String, status: Int)] = []
        public var slackBodies: [String] = []
        public var slackTimes: [Date] = []
    }

    let state = Mutex(State())
    let signer: WebhookSigner
    static let tolerance: TimeInterval = 300

    public init(secrets: [String]) {
        signer = WebhookSigner(secrets: secrets)
    }

    public func update(_ change: (inout State) -> Void) { state.withLock { change(&$0) } }
    public func snapshot<T>(_ read: (State) -> T) -> T { state.withLock { read($0) } }

    private func nextReply(_ state: inout State) -> Reply {
        state.requests += 1
        if !state.script.isEmpty { return state.script.removeFirst() }
        if let limit = state.perSecondLimit {
            let now = Date()
            if let start = state.windowStart, now.timeIntervalSince(start) < 1 {
                state.windowCount += 1
            } else {
                state.windowStart = now
                state.windowCount = 1
            }
            if state.windowCount > limit { return .status(429, retryAfter: "1", body: "rate limited") }
        }
        if let every = state.failEvery, state.requests % every == 0 { return .status(503) }
        return state.fallback
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            let timestamp = Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0
            let signature = request.headers[HTTPField.Name("webhook-signature")!] ?? ""
            guard abs(Date().timeIntervalSince1970 - Double(timestamp)) <= Self.tolerance else {
                self.update { $0.staleTimestamps += 1 }
                return Response(status: .badRequest)
            }
            guard self.signer.verify(header: signature, id: id, timestamp: timestamp, body: Array(buffer: body)) else {
                self.update { $0.badSignatures += 1 }
                return Response(status: .unauthorized)
            }
            let reply = self.state.withLock { self.nextReply(&$0) }
            switch reply {
            case .ok, .slow:
                self.update { state in
                    state.arrivals[id, default: 0] += 1
                    if state.arrivals[id] == 1 { state.applied.append(id) }
                    state.log.append((Date(), id, 204))
                }
                if case .slow(let seconds) = reply { try? await Task.sleep(for: .seconds(seconds)) }
                return Response(status: .noContent)
            case .status(let code, let retryAfter, let text):
                self.update { $0.log.append((Date(), id, code)) }
                var headers = HTTPFields()
                if let retryAfter { headers[.retryAfter] = retryAfter }
                return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        router.post("slack") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let reply = self.state.withLock { self.nextReply(&$0) }
            self.update { $0.slackTimes.append(Date()) }
            if case .status(let code, let retryAfter, let text) = reply {
                var headers = HTTPFields()
                if let retryAfter { headers[.retryAfter] = retryAfter }
                return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
            }
            self.update { $0.slackBodies.append(body) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        return router
    }

    /// Stopping a server with connections open is expected here; its shutdown complaints are noise.
    static let quiet: Logger = {
        var logger = Logger(label: "test-receiver")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs the receiver on a free loopback port for the duration of `body`.
    public func run<Value: Sendable>(_ body: (Int) async throws -> Value) async throws -> Value {
        try await withRunningApplication({ onPort in
            Application(
                router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in await onPort(channel.localAddress?.port ?? 0) },
                logger: Self.quiet)
        }, body)
    }
}
