import Foundation
import Synchronization

/// The verifier's current key set, replaced whole by a refresh. Concurrent requests that need a
/// refresh share the one in flight instead of each fetching the JWKS.
final class KeyRing: Sendable {
    private struct State {
        var keySet: TokenVerifier.KeySet
        var lastAttempt: ContinuousClock.Instant?
        var inFlight: Task<Result<Void, any Error>, Never>?
    }

    private let state: Mutex<State>

    init(_ keySet: TokenVerifier.KeySet) {
        state = Mutex(State(keySet: keySet))
    }

    var keySet: TokenVerifier.KeySet { state.withLock { $0.keySet } }

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
            }
            return .success(())
        } catch {
            state.withLock { $0.inFlight = nil }
            return .failure(error)
        }
    }
}
