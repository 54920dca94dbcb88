import Synchronization

/// Token buckets per client (a token subject, or the address of a client without a valid token):
/// `burst` requests at once, refilled at `perSecond`. Shared by every request, so behind a lock
/// held for a few arithmetic operations: an actor here cost every request a hop, and a thread
/// switch whenever two arrived together.
public final class RateLimiter: Sendable {
    public let perSecond: Double
    public let burst: Double
    private let state = Mutex(State())

    private struct State {
        var buckets: [String: (tokens: Double, updated: ContinuousClock.Instant)] = [:]
        /// Past this many buckets, the full ones are dropped (a full bucket is what a new client
        /// gets anyway): clients from ever new addresses must not grow the map without bound.
        var pruneAt = RateLimiter.minimumPruneSize
    }

    static let minimumPruneSize = 10_000

    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = Double(burst)
    }

    /// Takes one token for `client`; nil when allowed, else the seconds until one is available.
    public func acquire(client: String, now: ContinuousClock.Instant = .now) -> Double? {
        state.withLock { state in
            var bucket = state.buckets[client] ?? (burst, now)
            bucket.tokens = refilled(bucket, now: now)
            bucket.updated = now
            defer {
                state.buckets[client] = bucket
                if state.buckets.count >= state.pruneAt { prune(&state, now: now) }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / perSecond
        }
    }

    /// Clients with a bucket that is not full.
    var trackedClients: Int {
        state.withLock { $0.buckets.count }
    }

    private func refilled(_ bucket: (tokens: Double, updated: ContinuousClock.Instant), now: ContinuousClock.Instant) -> Double {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return min(burst, bucket.tokens + seconds * perSecond)
    }

    /// Drops the buckets that have refilled; the next prune waits until the map has doubled, so
    /// pruning costs O(1) per request on average.
    private func prune(_ state: inout State, now: ContinuousClock.Instant) {
        state.buckets = state.buckets.filter { refilled($0.value, now: now) < burst }
        state.pruneAt = max(Self.minimumPruneSize, state.buckets.count * 2)
    }
}
