import Foundation
import JWTKit

/// The claims ChurnGuard reads from a bearer token: who (`sub`), which role, for how long
/// (`exp`, `nbf`), issued by whom for whom (`iss`, `aud`).
public struct AccessTokenClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var role: Role
    public var exp: ExpirationClaim
    public var nbf: NotBeforeClaim?
    public var iat: IssuedAtClaim?
    public var iss: IssuerClaim?
    public var aud: AudienceClaim?

    public init(subject: String, role: Role, expires: Date, notBefore: Date? = nil, issuedAt: Date = Date(), issuer: String?, audience: String?) {
        sub = SubjectClaim(value: subject)
        self.role = role
        exp = ExpirationClaim(value: expires)
        nbf = notBefore.map { NotBeforeClaim(value: $0) }
        iat = IssuedAtClaim(value: issuedAt)
        iss = issuer.map { IssuerClaim(value: $0) }
        aud = audience.map { AudienceClaim(value: [$0]) }
    }

    /// Time checks; issuer and audience are checked by ``TokenVerifier``, which knows what to expect.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }
}
