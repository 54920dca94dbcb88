import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing
@testable import ChurnServer

@Suite struct SecurityTests {
    func send(_ test: TestServer, uri: String = "/api/v1/predict", method: HTTPRequest.Method = .post, authorization: String?) async throws -> (HTTPResponse.Status, HTTPFields, ByteBuffer) {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let authorization { fields[.authorization] = authorization }
        let headers = fields
        return try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: TestServer.specExample)) {
                ($0.status, $0.headers, $0.body)
            }
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func missingOrMalformedTokenIs401() async throws {
        let test = try await TestServer()
        let (status, headers, body) = try await send(test, authorization: nil)
        #expect(status == .unauthorized)
        #expect(headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        let object = try #require(json(body) as? [String: Any])
        #expect(object["error"] as? String == "unauthorized")
        #expect(object["trace_id"] as? String != nil)
        #expect(try await send(test, authorization: "Bearer not-a-jwt").0 == .unauthorized)
        #expect(try await send(test, authorization: "Basic dXNlcjpwYXNz").0 == .unauthorized)
    }

    @Test func algNoneIsRefused() async throws {
        let test = try await TestServer()
        let payload = #"{"sub":"mallory","role":"admin","exp":\#(Int(Date().timeIntervalSince1970) + 600),"iss":"churnguard","aud":["churnguard-api"]}"#
        let token = Self.base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + Self.base64URL(payload) + "."
        #expect(try await send(test, authorization: "Bearer \(token)").0 == .unauthorized)
        // The same claims under a valid-looking header whose alg is not the configured one.
        let confused = Self.base64URL(#"{"alg":"RS256","typ":"JWT"}"#) + "." + Self.base64URL(payload) + ".c2ln"
        #expect(try await send(test, authorization: "Bearer \(confused)").0 == .unauthorized)
    }

    @Test func forgedExpiredAndForeignTokensAre401() async throws {
        let test = try await TestServer()
        // Signed with another secret.
        let other = try await TokenVerifier(keySource: .sharedSecret(String(repeating: "x", count: 40)), issuer: "churnguard", audience: "churnguard-api")
        #expect(try await send(test, authorization: "Bearer \(try await other.issue(subject: "s", role: .admin, ttl: 60))").0 == .unauthorized)
        // Expired.
        let expired = try await test.verifier.issue(subject: "s", role: .scorer, ttl: 60, now: Date().addingTimeInterval(-3_600))
        #expect(try await send(test, authorization: "Bearer \(expired)").0 == .unauthorized)
        // Right secret, wrong issuer or audience.
        let foreignIssuer = try await TokenVerifier(keySource: .sharedSecret(TestServer.secret), issuer: "someone-else", audience: "churnguard-api")
        #expect(try await send(test, authorization: "Bearer \(try await foreignIssuer.issue(subject: "s", role: .scorer, ttl: 60))").0 == .unauthorized)
        let foreignAudience = try await TokenVerifier(keySource: .sharedSecret(TestServer.secret), issuer: "churnguard", audience: "other-api")
        #expect(try await send(test, authorization: "Bearer \(try await foreignAudience.issue(subject: "s", role: .scorer, ttl: 60))").0 == .unauthorized)
    }

    @Test func rolesAreEnforced() async throws {
        let test = try await TestServer()
        #expect(try await send(test, authorization: "Bearer \(try await test.token(.analyst))").0 == .forbidden)
        #expect(try await send(test, authorization: "Bearer \(try await test.token(.operator))").0 == .forbidden)
        #expect(try await send(test, authorization: "Bearer \(try await test.token(.scorer))").0 == .ok)
        #expect(try await send(test, uri: "/api/v1/models", method: .get, authorization: "Bearer \(try await test.token(.scorer))").0 == .forbidden)
        #expect(try await send(test, uri: "/api/v1/models", method: .get, authorization: "Bearer \(try await test.token(.analyst))").0 == .ok)
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let test = try await TestServer(burst: 2)
        let headers = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample)) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
        }
    }

    @Test func weakSecretIsRefused() async {
        await #expect(throws: TokenError.weakSecret) {
            _ = try await TokenVerifier(keySource: .sharedSecret("short"), issuer: nil, audience: nil)
        }
    }

    /// Every answer, whatever its route and status, leaves with the security headers; plain HTTP
    /// sends no HSTS.
    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let test = try await TestServer(burst: 1)
        let scorer = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            var statuses: [Int] = []
            func check(_ response: TestResponse) {
                statuses.append(Int(response.status.code))
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(response.status)")
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; frame-ancestors 'none'")
                #expect(response.headers[.strictTransportSecurity] == nil)
            }
            try await client.execute(uri: "/health", method: .get) { check($0) }
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: scorer, body: ByteBuffer(string: TestServer.specExample)) { check($0) }
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: scorer, body: ByteBuffer(string: TestServer.specExample)) { check($0) }
            try await client.execute(uri: "/api/v1/predict", method: .post, body: ByteBuffer(string: TestServer.specExample)) { check($0) }
            try await client.execute(uri: "/api/v1/nope", method: .get, headers: scorer) { check($0) }
            try await client.execute(uri: "/health", method: .post, headers: [.contentLength: "5"], body: ByteBuffer(string: "hello")) { check($0) }
            #expect(statuses == [200, 200, 429, 401, 404, 413], "\(statuses)")
        }
    }
}
