import Hummingbird

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
