import Foundation
import Hummingbird
import Logging
import Synchronization

/// Wraps the router so that no request hangs: a request that has no answer within `timeout` is
/// answered 503 `request_timeout` in the usual JSON error shape (with its trace id), and its work is
/// cancelled. The work cannot be abandoned from inside the router's middleware (`next` may not
/// escape), hence a responder around the whole router.
///
/// Nothing of the body is read before the sender is known from the headers: a bearer token on the
/// API, a live session on the console (except the sign-in form, kept to 16 KiB; the open routes take
/// no body at all). A client without credentials cannot make the server hold its upload, and is
/// rate-limited per address. A declared `Content-Length` over the route's limit is 413 at once, a
/// streamed body as soon as it passes the limit. Then the body is read in full before the clock
/// starts, so the handler never reads the connection after its answer has gone; the timeout covers
/// handling, not upload.
struct RequestTimeoutRouter<Builder: HTTPResponderBuilder>: HTTPResponderBuilder where Builder.Responder.Context == ChurnRequestContext {
    let router: Builder
    let timeout: Duration
    let metrics: ServerMetrics
    let verifier: TokenVerifier
    /// Refused tokens per client address: a client without a valid token is slowed down, not served 401s at line rate.
    let anonymousLimiter: RateLimiter
    /// The console's sessions, when the console is served.
    var consoleSessions: ConsoleSessions? = nil
    /// Served over TLS: the answers given here carry `Strict-Transport-Security` too.
    var overTLS = false

    func buildResponder() -> RequestTimeoutResponder<Builder.Responder> {
        RequestTimeoutResponder(
            inner: router.buildResponder(), timeout: timeout, metrics: metrics, verifier: verifier,
            anonymousLimiter: anonymousLimiter, consoleSessions: consoleSessions, overTLS: overTLS)
    }
}

struct RequestTimeoutResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == ChurnRequestContext {
    let inner: Inner
    let timeout: Duration
    let metrics: ServerMetrics
    let verifier: TokenVerifier
    let anonymousLimiter: RateLimiter
    let consoleSessions: ConsoleSessions?
    let overTLS: Bool

    func respond(to request: Request, context: ChurnRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        var context = context
        context.traceID = ObservationMiddleware.traceID(from: request.headers)
        context.logger[metadataKey: "trace_id"] = .string(context.traceID)
        let path = request.uri.path
        if ServerLimits.isConsolePath(path) {
            if !ServerLimits.isOpenConsolePath(path), let refusal = await checkConsoleSession(request, context: &context) {
                return refusal
            }
        } else if !ServerLimits.publicPaths.contains(path) {
            do throws(APIError) {
                try await authenticate(request, context: &context)
            } catch {
                return answer(error, request: request, context: context, started: started)
            }
        }
        let limit = ServerLimits.maxBodyBytes(forPath: request.uri.path)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return answer(
                APIError(.contentTooLarge, code: "body_too_large", detail: "the request body of \(declared) bytes exceeds this route's \(limit) bytes"),
                request: request, context: context, started: started)
        }
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

    /// Verifies the bearer token and notes its subject and role for the auth middleware, which then
    /// only checks the role. A refused token costs the client address one token of its bucket; an
    /// address out of tokens gets 429 instead of 401.
    private func authenticate(_ request: Request, context: inout ChurnRequestContext) async throws(APIError) {
        let refusal: TokenError
        do {
            let claims = try await verifier.verify(try AuthMiddleware.bearerToken(request))
            context.subject = claims.sub.value
            context.role = claims.role
            return
        } catch {
            refusal = error
        }
        if let limited = anonymousLimit(context, without: "a valid token") { throw limited }
        throw AuthMiddleware.unauthorized(refusal)
    }

    /// Looks up the console session once (for ``ConsoleAccessMiddleware``). Without one, the address
    /// pays from its anonymous bucket, and a request with a body is sent to sign in before any of it
    /// is read; a page view goes on to the access check, which redirects it the same way.
    private func checkConsoleSession(_ request: Request, context: inout ChurnRequestContext) async -> Response? {
        guard let sessions = consoleSessions else { return nil }
        let started = ContinuousClock.now
        do {
            context.consoleSession = try await sessions.current(request)
        } catch {
            // The store is away: say so (logged with the error), rather than let the error escape the server.
            var unavailable = APIError(.serviceUnavailable, code: "session_unavailable", detail: "the console cannot check sessions right now; retry shortly")
            unavailable.headers[.retryAfter] = "5"
            return answer(unavailable, request: request, context: context, started: started, failure: error)
        }
        context.consoleSessionLookedUp = true
        guard context.consoleSession == nil else { return nil }
        if let limited = anonymousLimit(context, without: "a session") {
            return answer(limited, request: request, context: context, started: started)
        }
        guard request.method != .get, request.method != .head else { return nil }
        return finished(ConsoleResponse.redirect(to: ServerLimits.signInPath + "?next=" + ConsoleFormat.component(request.uri.path)),
                        request: request, context: context, started: started)
    }

    /// 429 when the client's address is out of its anonymous bucket (each call takes a token).
    private func anonymousLimit(_ context: ChurnRequestContext, without credential: String) -> APIError? {
        guard let wait = anonymousLimiter.acquire(client: context.clientAddress) else { return nil }
        var error = APIError(.tooManyRequests, code: "rate_limited", detail: "too many requests without \(credential) from this address; retry after the Retry-After seconds")
        error.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
        return error
    }

    private func answer(_ error: APIError, request: Request, context: ChurnRequestContext, started: ContinuousClock.Instant, failure: (any Error)? = nil) -> Response {
        finished(error.response(traceID: context.traceID), request: request, context: context, started: started, failure: failure)
    }

    /// An answer given here, before the router, with the headers, log line and metrics the
    /// observation middleware gives the router's.
    private func finished(_ response: Response, request: Request, context: ChurnRequestContext, started: ContinuousClock.Instant, failure: (any Error)? = nil) -> Response {
        var response = response
        let path = request.uri.path
        let endpoint = KnownRoutes.template(forPath: path) ?? (ServerLimits.isConsolePath(path) ? "/console" : "unmatched")
        ObservationMiddleware.finish(&response, request: request, context: context, endpoint: endpoint, overTLS: overTLS, started: started, failure: failure, metrics: metrics)
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
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Value) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
