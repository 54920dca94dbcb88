import ChurnServer
import Foundation

/// Where the server's token settings come from: `serve --jwks FILE|URL` (RS256/ES256 keys of an
/// identity provider), else `CHURNGUARD_JWT_SECRET` (HS256), else `CHURNGUARD_JWKS_FILE`, else a secret
/// generated on first use into `HOME/jwt-secret` (mode 0600) so that `churnguard token` and `serve`
/// agree out of the box.
enum ServerSecrets {
    static let issuer = ProcessInfo.processInfo.environment["CHURNGUARD_JWT_ISSUER"] ?? "churnguard"
    static let audience = ProcessInfo.processInfo.environment["CHURNGUARD_JWT_AUDIENCE"] ?? "churnguard-api"

    /// `jwks` is the `--jwks` option: a file path or an http(s) URL of the identity provider's JWKS.
    /// A JWKS (this or `CHURNGUARD_JWKS_FILE`) is re-read every `jwksRefresh` and when a token names
    /// an unknown key (the provider rotated).
    static func verifier(home: String, jwks: String? = nil, jwksRefresh: Duration = .seconds(600)) async throws -> TokenVerifier {
        let environment = ProcessInfo.processInfo.environment
        if let jwks {
            return try await jwksVerifier(jwks, refresh: jwksRefresh)
        }
        if let secret = environment["CHURNGUARD_JWT_SECRET"], !secret.isEmpty {
            return try await TokenVerifier(keySource: .sharedSecret(secret), issuer: issuer, audience: audience)
        }
        if let path = environment["CHURNGUARD_JWKS_FILE"], !path.isEmpty {
            return try await jwksVerifier(path, refresh: jwksRefresh)
        }
        let path = (home as NSString).appendingPathComponent("jwt-secret")
        if let data = FileManager.default.contents(atPath: path) {
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return try await TokenVerifier(keySource: .sharedSecret(secret), issuer: issuer, audience: audience)
        }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw TokenSetupError("cannot write \(path)")
        }
        return try await TokenVerifier(keySource: .sharedSecret(secret), issuer: issuer, audience: audience)
    }
}

extension ServerSecrets {
    /// A verifier of the JWKS at `location` that re-reads it from there as keys rotate.
    static func jwksVerifier(_ location: String, refresh interval: Duration) async throws -> TokenVerifier {
        try await TokenVerifier(
            keySource: .jwks(json: try await JWKSSource.read(location)), issuer: issuer, audience: audience,
            refresh: JWKSRefresh(interval: interval) { try await JWKSSource.read(location) })
    }
}

struct TokenSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
