import Foundation
import Hummingbird

/// Requires a valid bearer token whose role is one of `allowed`: 401 without a valid token,
/// 403 with a valid token of another role. Puts the subject and role into the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ChurnRequestContext
    let verifier: TokenVerifier
    let allowed: Set<Role>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw Self.unauthorized(.missing) }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else {
            throw Self.unauthorized(.missing)
        }
        let claims: AccessTokenClaims
        do {
            claims = try await verifier.verify(String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces))
        } catch {
            throw Self.unauthorized(error)
        }
        var context = context
        context.subject = claims.sub.value
        context.role = claims.role
        guard allowed.contains(claims.role) else {
            throw APIError(
                .forbidden, code: "forbidden",
                detail: "role '\(claims.role.rawValue)' may not use this route; it needs one of: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        return try await next(request, context)
    }

    static func unauthorized(_ error: TokenError) -> APIError {
        var apiError = APIError(.unauthorized, code: "unauthorized", detail: error.description)
        apiError.headers[.wwwAuthenticate] = #"Bearer realm="churnguard""#
        return apiError
    }
}
