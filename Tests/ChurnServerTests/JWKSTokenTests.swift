import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing
@testable import ChurnServer

/// Tokens of an identity provider, verified with its JWKS: an RSA (RS256) and a P-256 (ES256) key
/// made for the test, the JWKS written to a file as `serve --jwks FILE` reads it.
@Suite struct JWKSTokenTests {
    struct Provider {
        let rsa: Insecure.RSA.PrivateKey
        let ec: ES256PrivateKey
        let jwksPath: String
        let signers: JWTKeyCollection

        /// Signs `claims` with the key `kid` names (rsa-1 or ec-1) under that `kid`.
        func sign(_ claims: AccessTokenClaims, kid: String) async throws -> String {
            try await signers.sign(claims, kid: JWKIdentifier(string: kid))
        }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func opensslKey(_ arguments: [String], in directory: String, name: String) throws -> String {
        let run = try ChildProcess.spawn(["openssl", "genpkey"] + arguments + ["-out", directory + "/" + name]).waitBlocking()
        #expect(run.status == 0, "\(run.errors)")
        return try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    static func provider() async throws -> Provider {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rsa = try Insecure.RSA.PrivateKey(pem: try opensslKey(["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], in: directory, name: "rsa.pem"))
        let ec = ES256PrivateKey()
        let (modulus, exponent) = try rsa.publicKey.getKeyPrimitives()
        let ecParameters = try #require(ec.parameters)
        let jwks: [String: Any] = ["keys": [
            ["kty": "RSA", "kid": "rsa-1", "alg": "RS256", "use": "sig", "n": base64URL(modulus), "e": base64URL(exponent)],
            ["kty": "EC", "kid": "ec-1", "alg": "ES256", "use": "sig", "crv": "P-256", "x": ecParameters.x, "y": ecParameters.y],
        ]]
        let path = directory + "/jwks.json"
        try JSONSerialization.data(withJSONObject: jwks).write(to: URL(fileURLWithPath: path))
        let signers = JWTKeyCollection()
        await signers.add(rsa: rsa, digestAlgorithm: .sha256, kid: "rsa-1")
        await signers.add(ecdsa: ec, kid: "ec-1")
        return Provider(rsa: rsa, ec: ec, jwksPath: path, signers: signers)
    }

    static func verifier(_ provider: Provider) async throws -> TokenVerifier {
        let json = try String(contentsOfFile: provider.jwksPath, encoding: .utf8)
        return try await TokenVerifier(keySource: .jwks(json: json), issuer: "https://idp.example.com", audience: "churnguard-api")
    }

    static func claims(role: Role = .scorer, expires: Date = Date().addingTimeInterval(300), issuer: String = "https://idp.example.com",
                       audience: String = "churnguard-api") -> AccessTokenClaims {
        AccessTokenClaims(subject: "svc-crm", role: role, expires: expires, notBefore: Date().addingTimeInterval(-5), issuer: issuer, audience: audience)
    }

    @Test func rs256AndEs256TokensOfTheJWKSAreAccepted() async throws {
        let provider = try await Self.provider()
        let verifier = try await Self.verifier(provider)
        #expect(try await verifier.verify(try await provider.sign(Self.claims(), kid: "rsa-1")).sub.value == "svc-crm")
        #expect(try await verifier.verify(try await provider.sign(Self.claims(role: .analyst), kid: "ec-1")).role == .analyst)

        // End to end: the server takes them on its routes.
        var test = try await TestServer()
        var configuration = test.server.configuration
        configuration.verifier = verifier
        test.server = ChurnServer(configuration: configuration, production: test.server.models.snapshot.production.bundle)
        let rsaToken = try await provider.sign(Self.claims(), kid: "rsa-1")
        let ecToken = try await provider.sign(Self.claims(), kid: "ec-1")
        try await test.server.makeApplication().test(.router) { client in
            for token in [rsaToken, ecToken] {
                let response = try await client.executeRequest(
                    uri: "/api/v1/predict", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: TestServer.specExample))
                #expect(response.status == .ok)
            }
            let forged = try await client.executeRequest(
                uri: "/api/v1/predict", method: .post, headers: [.authorization: "Bearer \(rsaToken.dropLast(4))AAAA", .contentType: "application/json"],
                body: ByteBuffer(string: TestServer.specExample))
            #expect(forged.status == .unauthorized)
        }
    }

    @Test func algNoneAndAlgorithmConfusionAreRefused() async throws {
        let provider = try await Self.provider()
        let verifier = try await Self.verifier(provider)
        let payload = try JSONEncoder().encode(Self.claims(role: .admin))
        let none = Self.base64URL(Data(#"{"alg":"none","typ":"JWT","kid":"rsa-1"}"#.utf8)) + "." + Self.base64URL(payload) + "."
        await #expect(throws: TokenError.algorithmNotAllowed("none")) { try await verifier.verify(none) }

        // HS256 with the RSA public key's PEM as the shared secret: the classic confusion attack.
        let confused = JWTKeyCollection()
        await confused.add(hmac: HMACKey(from: provider.rsa.publicKey.pemRepresentation), digestAlgorithm: .sha256, kid: "rsa-1")
        let hs256 = try await confused.sign(Self.claims(role: .admin), kid: JWKIdentifier(string: "rsa-1"))
        await #expect(throws: TokenError.algorithmNotAllowed("HS256")) { try await verifier.verify(hs256) }

        // An allowed algorithm, but not the one of the key the kid names.
        let mismatched = JWTKeyCollection()
        await mismatched.add(rsa: provider.rsa, digestAlgorithm: .sha256, kid: "ec-1")
        let rsaUnderECKid = try await mismatched.sign(Self.claims(), kid: JWKIdentifier(string: "ec-1"))
        await #expect(throws: TokenError.algorithmNotAllowed("RS256")) { try await verifier.verify(rsaUnderECKid) }
    }

    @Test func unknownKidForeignKeyAndBadClaimsAreRefused() async throws {
        let provider = try await Self.provider()
        let verifier = try await Self.verifier(provider)
        // The provider's own key under a kid the JWKS does not list (jwt-kit alone would use its default key).
        let renamed = JWTKeyCollection()
        await renamed.add(rsa: provider.rsa, digestAlgorithm: .sha256, kid: "rsa-9")
        await #expect(throws: TokenError.unknownKey) { try await verifier.verify(try await renamed.sign(Self.claims(), kid: JWKIdentifier(string: "rsa-9"))) }
        // No kid at all.
        let anonymous = JWTKeyCollection()
        await anonymous.add(rsa: provider.rsa, digestAlgorithm: .sha256)
        await #expect(throws: TokenError.unknownKey) { try await verifier.verify(try await anonymous.sign(Self.claims())) }
        // Another key claiming the provider's kid.
        let impostor = JWTKeyCollection()
        await impostor.add(ecdsa: ES256PrivateKey(), kid: "ec-1")
        await #expect(throws: TokenError.invalidSignatureOrClaims) { try await verifier.verify(try await impostor.sign(Self.claims(), kid: JWKIdentifier(string: "ec-1"))) }

        await #expect(throws: TokenError.wrongIssuer) {
            try await verifier.verify(try await provider.sign(Self.claims(issuer: "https://evil.example.com"), kid: "rsa-1"))
        }
        await #expect(throws: TokenError.wrongAudience) {
            try await verifier.verify(try await provider.sign(Self.claims(audience: "another-api"), kid: "ec-1"))
        }
        await #expect(throws: TokenError.expiredOrNotYetValid) {
            try await verifier.verify(try await provider.sign(Self.claims(expires: Date().addingTimeInterval(-60)), kid: "rsa-1"))
        }
        // A JWKS verifier verifies; it never issues.
        await #expect(throws: TokenError.cannotIssue) { _ = try await verifier.issue(subject: "s", role: .admin, ttl: 60) }
    }

    @Test func unusableJWKSIsRefusedAtStartup() async throws {
        for json in [#"{"keys":[]}"#, #"{"nokeys":1}"#, "not json", #"{"keys":[{"kty":"oct","kid":"h","alg":"HS256","k":"c2VjcmV0"}]}"#] {
            await #expect(throws: TokenError.self) { _ = try await TokenVerifier(keySource: .jwks(json: json), issuer: nil, audience: nil) }
        }
    }
}
