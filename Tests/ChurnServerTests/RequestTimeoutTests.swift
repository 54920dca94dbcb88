import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import ChurnServer

/// A request that outlives the timeout is answered 503 `request_timeout` in the JSON error shape,
/// promptly, instead of hanging.
@Suite struct RequestTimeoutTests {
    /// Bounded by a time limit rather than a sleep: the test waits for the abandoned handler to end,
    /// and fails (instead of hanging) if its cancellation never comes.
    @Test(.timeLimit(.minutes(1))) func slowRouteIsAnswered503InTime() async throws {
        let test = try await TestServer()
        let router = test.server.makeRouter()
        let cancelled = CancellationProbe()
        // A deliberately slow route, for this test only.
        router.get("slow") { _, _ -> String in
            do {
                try await Task.sleep(for: .seconds(3_600))
            } catch {
                cancelled.mark()
                throw error
            }
            return "late"
        }
        let (ends, reportEnd) = AsyncStream.makeStream(of: String.self)
        let application = Application(router: RequestTimeoutRouter(router: RequestEndReporter(router: router, ends: reportEnd), timeout: .milliseconds(300), metrics: test.server.metrics, verifier: test.verifier, anonymousLimiter: RateLimiter(perSecond: 10, burst: 10)), logger: quietLogger)
        try await application.test(.router) { client in
            var headers = try await test.headers(.scorer)
            headers[.init("X-Request-ID")!] = "req-slow-1"
            let response = try await client.executeRequest(uri: "/slow", method: .get, headers: headers, body: nil)
            // The handler would take an hour: any answer at all is the timeout's. (No wall-clock bound is
            // asserted: the full suite shares two cores with tests that block threads on child processes.)
            #expect(response.status == .serviceUnavailable)
            let object = try #require(json(response.body) as? [String: Any])
            #expect(object["error"] as? String == "request_timeout")
            #expect((object["detail"] as? String)?.contains("300 ms") == true)
            #expect(object["field"] is NSNull)
            #expect(object["index"] is NSNull)
            #expect(object["trace_id"] as? String == "req-slow-1")
            #expect(response.headers[.init("X-Request-ID")!] == "req-slow-1")
            // Quick routes are untouched, and trace ids still come from the request.
            let health = try await client.executeRequest(uri: "/health", method: .get, headers: [.init("X-Request-ID")!: "req-fast-1"], body: nil)
            #expect(health.status == .ok)
            #expect(health.headers[.init("X-Request-ID")!] == "req-fast-1")
        }
        // The slow handler was answered for; wait until its work has gone through the middleware too.
        for await path in ends where path == "/slow" { break }
        #expect(cancelled.wasMarked)
        let metrics = test.server.metrics.render()
        #expect(metrics.contains(#"churnguard_api_request_total{endpoint="unmatched",status="503"}"#))
        // The abandoned handler's late end is not counted as a second request.
        #expect(!metrics.contains(#"status="500""#))
    }

    /// Regression: the timer used to be cancelled before the answer was handed over, and a cancelled
    /// sleep counted as a timeout, so about one fast request in a thousand was answered 503.
    @Test func fastRequestsAreNeverTimedOut() async throws {
        let test = try await TestServer()
        let application = Application(router: RequestTimeoutRouter(router: test.server.makeRouter(), timeout: .seconds(30), metrics: test.server.metrics, verifier: test.verifier, anonymousLimiter: RateLimiter(perSecond: 10, burst: 10)), logger: quietLogger)
        try await application.test(.router) { client in
            var statuses: [HTTPResponse.Status: Int] = [:]
            for _ in 0..<3_000 {
                statuses[try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil).status, default: 0] += 1
            }
            #expect(statuses == [.ok: 3_000])
        }
    }

    @Test func configuredTimeoutCoversPrediction() async throws {
        // A predictions log that never answers: without the timeout the request would hang.
        var test = try await TestServer(sink: GatedSink())
        var configuration = test.server.configuration
        configuration.requestTimeout = .milliseconds(300)
        let sink = test.server.sink
        test.server = ChurnServer(configuration: configuration, production: test.server.models.snapshot.production.bundle)
        test.server.sink = sink
        let body = "[" + (0..<1_000).map { #"{"customer_id":"c\#($0)","behavioral_score":\#($0 % 100)}"# }.joined(separator: ",") + "]"
        let headers = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            let response = try await client.executeRequest(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .serviceUnavailable)
            #expect((json(response.body) as? [String: Any])?["error"] as? String == "request_timeout")
        }
        #expect(test.server.metrics.render().contains(#"churnguard_api_request_total{endpoint="/api/v1/predict",status="503"}"#))
    }

    @Test func oversizedBodiesAreStill413() async throws {
        let test = try await TestServer()
        let headers = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            let response = try await client.executeRequest(
                uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: String(repeating: " ", count: ServerLimits.maxBodyBytes + 1)))
            #expect(response.status == .contentTooLarge)
            #expect((json(response.body) as? [String: Any])?["error"] as? String == "body_too_large")
        }
    }
}

/// Records that a handler saw its cancellation.
final class CancellationProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var marked = false

    func mark() { lock.lock(); marked = true; lock.unlock() }
    var wasMarked: Bool { lock.lock(); defer { lock.unlock() }; return marked }
}

/// Thousands of requests logged at info would bury a failure in the test output.
private let quietLogger: Logger = {
    var logger = Logger(label: "request-timeout-tests")
    logger.logLevel = .warning
    return logger
}()
