import Foundation
import Synchronization

/// The verifier's current key set, replaced whole by a refresh. Concurrent requests that need a
/// refresh share the one in flight instead of each fetching the JWKS.
///
/// It also remembers tokens its keys verified (a client sends the same token with every request
/// until it expires): their claims until `exp`, at most five minutes, and only while the key set
/// that verified them is the one in use.
final class KeyRing: Sendable {
    private struct State {
        var keySet: TokenVerifier.KeySet
        var lastAttempt: ContinuousClock.Instant?
        var inFlight: Task<Result<Void, any Error>, Never>?
        var verified: [String: (claims: AccessTokenClaims, until: Date)] = [:]
    }

    static let verifiedCapacity = 4_096
    static let verifiedLifetime: TimeInterval = 300

    private let state: Mutex<State>

    init(_ keySet: TokenVerifier.KeySet) {
        state = Mutex(State(keySet: keySet))
    }

    var keySet: TokenVerifier.KeySet { state.withLock { $0.keySet } }

    /// The claims of `token` if these keys verified it and it has not expired since.
    func verifiedClaims(of token: String, now: Date) -> AccessTokenClaims? {
        state.withLock { state in
            guard let entry = state.verified[token] else { return nil }
            guard entry.until > now else {
                state.verified[token] = nil
                return nil
            }
            return entry.claims
        }
    }

    /// Remembers `claims` as verified by `keySet`, unless the keys have changed meanwhile.
    func remember(_ token: String, claims: AccessTokenClaims, verifiedBy keySet: TokenVerifier.KeySet, now: Date) {
        let until = min(claims.exp.value, now.addingTimeInterval(Self.verifiedLifetime))
        state.withLock { state in
            guard state.keySet.keys === keySet.keys else { return }
            if state.verified.count >= Self.verifiedCapacity {
                state.verified = state.verified.filter { $0.value.until > now }
                if state.verified.count >= Self.verifiedCapacity { state.verified.removeAll(keepingCapacity: true) }
            }
            state.verified[token] = (claims, until)
        }
    }

    /// Re-reads the JWKS for a token with an unknown `kid`; false when the cooldown since the last
    /// attempt has not passed or the fetch failed.
    func refreshForUnknownKey(_ refresh: JWKSRefresh) async -> Bool {
        guard let task = start(refresh, respectingCooldown: true) else { return false }
        if case .success = await task.value { return true }
        return false
    }

    /// Re-reads the JWKS now (the periodic refresh), or joins the refresh already in flight.
    func refresh(_ refresh: JWKSRefresh) async -> Result<Void, any Error> {
        await start(refresh, respectingCooldown: false)!.value
    }

    private func start(_ refresh: JWKSRefresh, respectingCooldown: Bool) -> Task<Result<Void, any Error>, Never>? {
        state.withLock { state in
            if let inFlight = state.inFlight { return inFlight }
            let now = ContinuousClock.now
            if respectingCooldown, let last = state.lastAttempt, now - last < refresh.unknownKeyCooldown { return nil }
            state.lastAttempt = now
            let task = Task { await self.load(refresh) }
            state.inFlight = task
            return task
        }
    }

    private func load(_ refresh: JWKSRefresh) async -> Result<Void, any Error> {
        do {
            let keySet = try await TokenVerifier.keySet(jwks: try await refresh.fetch())
            state.withLock {
                $0.keySet = keySet
                $0.inFlight = nil
                // Tokens of retired keys must be verified afresh.
                $0.verified.removeAll()
            }
            return .success(())
        } catch {
            state.withLock { $0.inFlight = nil }
            return .failure(error)
        }
    }
}
