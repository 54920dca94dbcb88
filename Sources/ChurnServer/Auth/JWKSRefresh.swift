import Foundation

/// How a verifier re-reads its identity provider's JWKS: `fetch` returns the document (from the
/// URL `serve --jwks` was given), every `interval` and when a token names an unknown `kid`, but
/// for unknown kids at most once per `unknownKeyCooldown`.
public struct JWKSRefresh: Sendable {
    public var fetch: @Sendable () async throws -> String
    public var interval: Duration
    public var unknownKeyCooldown: Duration

    public init(interval: Duration = .seconds(600), unknownKeyCooldown: Duration = .seconds(30), fetch: @escaping @Sendable () async throws -> String) {
        self.fetch = fetch
        self.interval = interval
        self.unknownKeyCooldown = unknownKeyCooldown
    }
}
