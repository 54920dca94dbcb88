import Foundation
import Hummingbird

/// Requires a valid bearer token whose role is one of `allowed`: 401 without a valid token,
/// 403 with a valid token of another role. Puts the subject and role into the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ChurnRequestContext
    let verifier: TokenVerifier
    let allowed: Set<Role>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // The request-timeout responder verified the token before reading the body; verify here
        // only when the router is used without it (tests of the router alone).
        if context.role == nil {
            let claims: AccessTokenClaims
            do {
                claims = try await verifier.verify(try Self.bearerToken(request))
            } catch {
                throw Self.unauthorized(error)
            }
            context.subject = claims.sub.value
            context.role = claims.role
        }
        guard let role = context.role, allowed.contains(role) else {
            throw APIError(
                .forbidden, code: "forbidden",
                detail: "role '\(context.role?.rawValue ?? "none")' may not use this route; it needs one of: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearerToken(_ request: Request) throws(TokenError) -> String {
        guard let header = request.headers[.authorization] else { throw .missing }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { throw .missing }
        return String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    static func unauthorized(_ error: TokenError) -> APIError {
        var apiError = APIError(.unauthorized, code: "unauthorized", detail: error.description)
        apiError.headers[.wwwAuthenticate] = #"Bearer realm="churnguard""#
        return apiError
    }
}
