import Foundation
import Hummingbird
import Logging

/// Wraps the router so that no request hangs: a request that has no answer within `timeout` is
/// answered 503 `request_timeout` in the usual JSON error shape (with its trace id), and its work is
/// cancelled. The work cannot be abandoned from inside the router's middleware (`next` may not
/// escape), hence a responder around the whole router.
///
/// The body is read in full (up to the route's limit) before the clock starts, so the handler never
/// reads the connection after its answer has gone; the timeout covers handling, not upload.
struct RequestTimeoutRouter<Builder: HTTPResponderBuilder>: HTTPResponderBuilder where Builder.Responder.Context == ChurnRequestContext {
    let router: Builder
    let timeout: Duration
    let metrics: ServerMetrics

    func buildResponder() -> RequestTimeoutResponder<Builder.Responder> {
        RequestTimeoutResponder(inner: router.buildResponder(), timeout: timeout, metrics: metrics)
    }
}

struct RequestTimeoutResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == ChurnRequestContext {
    let inner: Inner
    let timeout: Duration
    let metrics: ServerMetrics

    func respond(to request: Request, context: ChurnRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        var context = context
        context.traceID = ObservationMiddleware.traceID(from: request.headers)
        context.logger[metadataKey: "trace_id"] = .string(context.traceID)
        let limit = ServerLimits.maxBodyBytes(forPath: request.uri.path)
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch {
            return answer(
                APIError(.contentTooLarge, code: "body_too_large", detail: "the request body exceeds \(limit) bytes"),
                request: request, context: context, started: started)
        }
        let work = Task { [request, context] in try await inner.respond(to: request, context: context) }
        let outcome = await withTaskCancellationHandler {
            await Self.race(work, timeout: timeout)
        } onCancel: {
            work.cancel()
        }
        guard let outcome else {
            context.annotations.answeredByTimeout = true
            work.cancel()
            return answer(
                APIError(.serviceUnavailable, code: "request_timeout",
                         detail: "the request took longer than the server's \(Self.describe(timeout)) limit; retry, or send fewer customers per request"),
                request: request, context: context, started: started)
        }
        return try outcome.get()
    }

    private func answer(_ error: APIError, request: Request, context: ChurnRequestContext, started: ContinuousClock.Instant) -> Response {
        var response = error.response(traceID: context.traceID)
        let endpoint = KnownRoutes.template(forPath: request.uri.path) ?? "unmatched"
        ObservationMiddleware.finish(&response, request: request, context: context, endpoint: endpoint, started: started, failure: nil, metrics: metrics)
        return response
    }

    /// The work's result, or nil if `timeout` passes first.
    static func race(_ work: Task<Response, any Error>, timeout: Duration) async -> Result<Response, any Error>? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Response, any Error>?, Never>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                // Cancelled means the work has answered: only a sleep that ran its course is a timeout.
                do { try await Task.sleep(for: timeout) } catch { return }
                once.resume(nil)
            }
            Task {
                let result = await work.result
                once.resume(result)
                timer.cancel()
            }
        }
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds >= 1 && seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(Int((seconds * 1000).rounded())) ms"
    }
}

/// Resumes a continuation with whichever result comes first; later ones are dropped.
private final class ResumeOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = continuation
    }

    func resume(_ value: Value) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: value)
    }
}
