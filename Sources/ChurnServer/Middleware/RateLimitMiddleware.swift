import Foundation
import Hummingbird
import Synchronization

/// Token buckets per client (the token subject): `burst` requests at once, refilled at
/// `perSecond`. Shared by every request, so behind a lock held for a few arithmetic operations:
/// an actor here cost every request a hop, and a thread switch whenever two arrived together.
public final class RateLimiter: Sendable {
    public let perSecond: Double
    public let burst: Double
    private let buckets = Mutex<[String: (tokens: Double, updated: ContinuousClock.Instant)]>([:])

    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = Double(burst)
    }

    /// Takes one token for `client`; nil when allowed, else the seconds until one is available.
    public func acquire(client: String, now: ContinuousClock.Instant = .now) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? (burst, now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            defer { buckets[client] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / perSecond
        }
    }
}

/// Answers 429 with Retry-After when the authenticated client has used up its requests.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ChurnRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let subject = context.subject, let wait = limiter.acquire(client: subject) {
            var error = APIError(.tooManyRequests, code: "rate_limited", detail: "too many requests for this client; retry after the Retry-After seconds")
            error.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
            throw error
        }
        return try await next(request, context)
    }
}
