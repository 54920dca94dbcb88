import Foundation
import JWTKit
import Logging
import Synchronization
import Testing
@testable import ChurnServer

/// The provider rotates its keys: the verifier re-reads the JWKS when a token names an unknown
/// `kid` (at most once per cooldown) and on its periodic refresh, and keeps its keys when a
/// re-read fails.
@Suite struct JWKSRotationTests {
    final class FetchCounter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// A JWKS file the test rewrites, the keys that sign for it, and a fetch that counts its reads.
    struct Provider {
        let path: String
        let signers = JWTKeyCollection()
        let fetches = FetchCounter()

        init() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-rotation-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = directory + "/jwks.json"
        }

        /// Publishes exactly these keys (the old ones are gone, as after a rotation).
        func publish(_ keys: [(kid: String, key: ES256PrivateKey)]) async throws {
            var published: [[String: Any]] = []
            for (kid, key) in keys {
                let parameters = try #require(key.parameters)
                published.append(["kty": "EC", "kid": kid, "alg": "ES256", "use": "sig", "crv": "P-256", "x": parameters.x, "y": parameters.y])
                await signers.add(ecdsa: key, kid: JWKIdentifier(string: kid))
            }
            try JSONSerialization.data(withJSONObject: ["keys": published]).write(to: URL(fileURLWithPath: path))
        }

        func verifier(interval: Duration = .seconds(3_600), cooldown: Duration = .seconds(3_600)) async throws -> TokenVerifier {
            let path = path, fetches = fetches
            return try await TokenVerifier(
                keySource: .jwks(json: try String(contentsOfFile: path, encoding: .utf8)), issuer: "https://idp.example.com", audience: "churnguard-api",
                refresh: JWKSRefresh(interval: interval, unknownKeyCooldown: cooldown) {
                    fetches.increment()
                    return try String(contentsOfFile: path, encoding: .utf8)
                })
        }

        func token(kid: String) async throws -> String {
            try await signers.sign(JWKSTokenTests.claims(), kid: JWKIdentifier(string: kid))
        }
    }

    @Test func anUnknownKidFetchesTheRotatedKeysAtMostOncePerCooldown() async throws {
        let provider = try Provider()
        try await provider.publish([("key-2025", ES256PrivateKey())])
        let verifier = try await provider.verifier()
        #expect(try await verifier.verify(try await provider.token(kid: "key-2025")).sub.value == "svc-crm")
        #expect(provider.fetches.value == 0)

        try await provider.publish([("key-2026", ES256PrivateKey())])
        // Signed with the new key before the server has seen it: one re-read, then accepted.
        #expect(try await verifier.verify(try await provider.token(kid: "key-2026")).sub.value == "svc-crm")
        #expect(provider.fetches.value == 1)
        // The retired key is gone, and within the cooldown unknown kids do not re-read the JWKS.
        await #expect(throws: TokenError.unknownKey) { try await verifier.verify(try await provider.token(kid: "key-2025")) }
        let forger = JWTKeyCollection()
        await forger.add(ecdsa: ES256PrivateKey(), kid: "forged")
        for _ in 0..<20 {
            await #expect(throws: TokenError.unknownKey) {
                try await verifier.verify(try await forger.sign(JWKSTokenTests.claims(), kid: JWKIdentifier(string: "forged")))
            }
        }
        #expect(provider.fetches.value == 1)
    }

    @Test func concurrentUnknownKidsShareOneFetch() async throws {
        let provider = try Provider()
        try await provider.publish([("old", ES256PrivateKey())])
        let verifier = try await provider.verifier()
        try await provider.publish([("new", ES256PrivateKey())])
        let token = try await provider.token(kid: "new")
        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { (try? await verifier.verify(token)) != nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 16)
        #expect(provider.fetches.value == 1)
    }

    @Test func thePeriodicRefreshPicksUpNewKeysAndKeepsTheOldOnesWhenAReadFails() async throws {
        let provider = try Provider()
        try await provider.publish([("first", ES256PrivateKey())])
        let verifier = try await provider.verifier(interval: .milliseconds(50))
        // Use up the unknown-kid re-read, so only the periodic refresh can bring the new key in.
        let early = JWTKeyCollection()
        await early.add(ecdsa: ES256PrivateKey(), kid: "early")
        await #expect(throws: TokenError.unknownKey) {
            try await verifier.verify(try await early.sign(JWKSTokenTests.claims(), kid: JWKIdentifier(string: "early")))
        }
        #expect(provider.fetches.value == 1)

        try FileManager.default.removeItem(atPath: provider.path)
        let refreshing = Task { await verifier.runKeyRefresh(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }) }
        defer { refreshing.cancel() }
        while provider.fetches.value < 3 { try await Task.sleep(for: .milliseconds(10)) }
        // Failed re-reads (no file) keep the keys in use.
        #expect(try await verifier.verify(try await provider.token(kid: "first")).sub.value == "svc-crm")

        try await provider.publish([("second", ES256PrivateKey())])
        var accepted = false
        for _ in 0..<200 where !accepted {
            accepted = (try? await verifier.verify(try await provider.token(kid: "second"))) != nil
            if !accepted { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(accepted)
    }
}

/// Verified tokens are remembered, but never past their expiry.
@Suite struct VerifiedTokenCacheTests {
    /// On the verifier's clock, moved by hand. The token is issued at the real time, because jwt-kit
    /// checks its times against the system clock as well, and lives a minute, far longer than the test.
    @Test func aRememberedTokenStillExpiresOnTime() async throws {
        let clock = ManualClock(Date())
        var verifier = try await TokenVerifier(keySource: .sharedSecret(String(repeating: "s", count: 32)), issuer: "churnguard", audience: "churnguard-api")
        verifier.now = clock.read
        let token = try await verifier.issue(subject: "svc", role: .scorer, ttl: 60, now: clock.read())
        #expect(try await verifier.verify(token).sub.value == "svc")
        clock.advance(by: 59)
        #expect(try await verifier.verify(token).sub.value == "svc")
        clock.advance(by: 2)
        await #expect(throws: TokenError.expiredOrNotYetValid) { try await verifier.verify(token) }
    }
}
