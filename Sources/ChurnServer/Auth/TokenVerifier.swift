import Foundation
import JWTKit
import Logging

/// Verifies bearer tokens: the algorithm named in the header must be one the configured keys use
/// (so `alg: none` and HS256-signed-with-a-public-key confusion are refused before any signature
/// check), then signature, `exp`, `nbf`, `iss` and `aud`. With a JWKS, the header's `kid` must name
/// one of its keys and that key's `alg` must be the header's: jwt-kit alone would fall back to a
/// default key for an unknown `kid`.
///
/// A JWKS (file or URL) follows the provider's key rotation: ``runKeyRefresh(logger:)``
/// re-reads it every ``JWKSRefresh/interval``, and a token whose `kid` is unknown triggers one
/// re-read (at most once per ``JWKSRefresh/unknownKeyCooldown``, so forged kids cannot hammer the
/// provider) before it is refused.
public struct TokenVerifier: Sendable {
    public enum KeySource: Sendable {
        /// The embedded default: one shared secret, HS256.
        case sharedSecret(String)
        /// A JWKS document (RS256 / ES256 public keys of an identity provider).
        case jwks(json: String)
    }

    /// The keys in use; swapped whole when a refreshed JWKS arrives.
    struct KeySet: Sendable {
        let keys: JWTKeyCollection
        let allowedAlgorithms: Set<String>
        /// With a JWKS: each key's `kid` and `alg`; nil with a shared secret.
        let jwksAlgorithms: [String: String]?
    }

    private let current: KeyRing
    private let refresh: JWKSRefresh?
    public let issuer: String?
    public let audience: String?
    /// Longest a token may still be valid when it is presented (`exp` − now): a token that claims to
    /// be good for years is refused, whoever signed it. Default 24 hours.
    public var maxLifetime: TimeInterval = 24 * 3_600
    /// The wall clock `verify` reads once per token, for the cache, `exp`/`nbf` and the lifetime cap;
    /// tests move it to expire tokens without waiting.
    var now: @Sendable () -> Date = Date.init

    /// `refresh` re-reads a JWKS (from the file or URL it came from); only meaningful with `.jwks`.
    public init(keySource: KeySource, issuer: String?, audience: String?, refresh: JWKSRefresh? = nil) async throws {
        switch keySource {
        case .sharedSecret(let secret):
            guard secret.utf8.count >= 32 else { throw TokenError.weakSecret }
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
            current = KeyRing(KeySet(keys: keys, allowedAlgorithms: ["HS256"], jwksAlgorithms: nil))
            self.refresh = nil
        case .jwks(let json):
            current = KeyRing(try await Self.keySet(jwks: json))
            self.refresh = refresh
        }
        self.issuer = issuer
        self.audience = audience
    }

    static func keySet(jwks json: String) async throws(TokenError) -> KeySet {
        let algorithms = try Self.algorithms(inJWKS: json)
        guard !algorithms.isEmpty else {
            throw TokenError.unusableJWKS("no key has a 'kid' and an RS256, RS384, RS512, ES256, ES384 or ES512 'alg'")
        }
        let keys = JWTKeyCollection()
        do {
            try await keys.add(jwksJSON: json)
        } catch {
            throw TokenError.unusableJWKS("jwt-kit cannot read it: \(error)")
        }
        return KeySet(keys: keys, allowedAlgorithms: Set(algorithms.values), jwksAlgorithms: algorithms)
    }

    /// Issues a token (development: `churnguard token`); only for shared-secret verifiers.
    public func issue(subject: String, role: Role, ttl: TimeInterval, now: Date = Date()) async throws -> String {
        let keySet = current.keySet
        guard keySet.allowedAlgorithms == ["HS256"] else { throw TokenError.cannotIssue }
        let claims = AccessTokenClaims(
            subject: subject, role: role, expires: now.addingTimeInterval(ttl), notBefore: now.addingTimeInterval(-5),
            issuedAt: now, issuer: issuer, audience: audience)
        return try await keySet.keys.sign(claims)
    }

    /// The verified claims of `token`, or a ``TokenError`` saying what is wrong with it.
    public func verify(_ token: String) async throws(TokenError) -> AccessTokenClaims {
        let now = self.now()
        if let claims = current.verifiedClaims(of: token, now: now) { return claims }
        let (algorithm, kid) = try Self.header(of: token)
        var keySet = current.keySet
        if let jwksAlgorithms = keySet.jwksAlgorithms, let kid, jwksAlgorithms[kid] == nil, let refresh,
            await current.refreshForUnknownKey(refresh)
        {
            keySet = current.keySet
        }
        guard keySet.allowedAlgorithms.contains(algorithm) else { throw .algorithmNotAllowed(algorithm) }
        if let jwksAlgorithms = keySet.jwksAlgorithms {
            guard let kid, let keyAlgorithm = jwksAlgorithms[kid] else { throw .unknownKey }
            guard keyAlgorithm == algorithm else { throw .algorithmNotAllowed(algorithm) }
        }
        let claims: AccessTokenClaims
        do {
            claims = try await keySet.keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError {
            switch error.errorType {
            case .claimVerificationFailure: throw .expiredOrNotYetValid
            default: throw .invalidSignatureOrClaims
            }
        } catch {
            throw .invalidSignatureOrClaims
        }
        // jwt-kit checked `exp` and `nbf` against the system clock; `now` decides too, so that the
        // cache and these checks agree on one instant.
        do {
            try claims.exp.verifyNotExpired(currentDate: now)
            try claims.nbf?.verifyNotBefore(currentDate: now)
        } catch {
            throw .expiredOrNotYetValid
        }
        if let issuer, claims.iss?.value != issuer { throw .wrongIssuer }
        if let audience, !(claims.aud?.value.contains(audience) ?? false) { throw .wrongAudience }
        if claims.exp.value.timeIntervalSince(now) > maxLifetime { throw .lifetimeTooLong(maxLifetime) }
        current.remember(token, claims: claims, verifiedBy: keySet, now: now)
        return claims
    }

    /// Re-reads the JWKS every ``JWKSRefresh/interval`` until cancelled; a failed read
    /// keeps the keys in use and is logged. Returns at once without a refresh.
    public func runKeyRefresh(logger: Logger) async {
        guard let refresh else { return }
        while !Task.isCancelled {
            do { try await Task.sleep(for: refresh.interval) } catch { return }
            if case .failure(let error) = await current.refresh(refresh) {
                logger.warning("JWKS refresh failed; keeping the keys in use", metadata: ["error": .string("\(error)")])
            }
        }
    }

    /// The header's `alg` and `kid` (nil when absent).
    static func header(of token: String) throws(TokenError) -> (algorithm: String, kid: String?) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = base64URLDecode(parts[0]),
            let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let algorithm = header["alg"] as? String
        else { throw .malformed }
        return (algorithm, header["kid"] as? String)
    }

    /// The usable keys of a JWKS by `kid`: asymmetric signing keys that name their algorithm.
    private static func algorithms(inJWKS json: String) throws(TokenError) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let keys = object["keys"] as? [[String: Any]]
        else { throw .unusableJWKS("not a JSON object with a 'keys' array") }
        let asymmetric: Set<String> = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]
        var algorithms: [String: String] = [:]
        for key in keys {
            guard let kid = key["kid"] as? String, let algorithm = key["alg"] as? String, asymmetric.contains(algorithm) else { continue }
            algorithms[kid] = algorithm
        }
        return algorithms
    }

    private static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}

public enum TokenError: Error, Equatable, CustomStringConvertible {
    case missing
    case malformed
    case algorithmNotAllowed(String)
    case unknownKey
    case invalidSignatureOrClaims
    case expiredOrNotYetValid
    case wrongIssuer
    case wrongAudience
    case weakSecret
    case unusableJWKS(String)
    case cannotIssue
    case lifetimeTooLong(TimeInterval)

    public var description: String {
        switch self {
        case .missing: return "no bearer token: send 'Authorization: Bearer <JWT>'"
        case .malformed: return "the bearer token is not a JWT (header.payload.signature)"
        case .algorithmNotAllowed(let algorithm): return "tokens signed with '\(algorithm)' are not accepted"
        case .unknownKey: return "the token's 'kid' names no key of the identity provider's JWKS"
        case .invalidSignatureOrClaims: return "the token's signature or claims are invalid"
        case .expiredOrNotYetValid: return "the token has expired or is not valid yet"
        case .wrongIssuer: return "the token was issued by another issuer"
        case .wrongAudience: return "the token is for another audience"
        case .weakSecret: return "the JWT secret must be at least 32 bytes (set CHURNGUARD_JWT_SECRET)"
        case .unusableJWKS(let reason): return "the JWKS cannot be used: \(reason)"
        case .lifetimeTooLong(let seconds):
            return "the token is valid for more than the \(Int(seconds)) seconds this server accepts; ask for a shorter-lived one"
        case .cannotIssue: return "tokens can only be issued with a shared secret (HS256), not with an identity provider's JWKS"
        }
    }
}
