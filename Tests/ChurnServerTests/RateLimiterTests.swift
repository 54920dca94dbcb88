import Testing
@testable import ChurnServer

/// The token buckets on the limiter's own clock (`now` passed in), not the wall clock.
@Suite struct RateLimiterTests {
    @Test func eachClientHasItsOwnBucketRefilledAtTheRate() {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        let start = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.acquire(client: "10.0.0.1", now: start) == nil })
        let wait = limiter.acquire(client: "10.0.0.1", now: start)
        #expect(wait.map { abs($0 - 0.5) < 1e-9 } == true, "\(String(describing: wait))")
        // Another address is not slowed by the first.
        #expect(limiter.acquire(client: "10.0.0.2", now: start) == nil)
        // Half a second later the first has one token again.
        #expect(limiter.acquire(client: "10.0.0.1", now: start + .milliseconds(500)) == nil)
        #expect(limiter.acquire(client: "10.0.0.1", now: start + .milliseconds(500)) != nil)
    }

    @Test func clientsFromEverNewAddressesDoNotGrowTheBucketsWithoutBound() {
        let limiter = RateLimiter(perSecond: 1, burst: 2)
        let start = ContinuousClock.now
        for index in 0..<(RateLimiter.minimumPruneSize - 1) {
            _ = limiter.acquire(client: "a\(index)", now: start)
        }
        #expect(limiter.trackedClients == RateLimiter.minimumPruneSize - 1)
        // Seconds later every earlier bucket has refilled; the next new client prunes them.
        _ = limiter.acquire(client: "late", now: start + .seconds(5))
        #expect(limiter.trackedClients == 1)
        // At the next prune, the refilled "late" goes and the buckets still refilling stay.
        for index in 0..<(RateLimiter.minimumPruneSize - 1) {
            _ = limiter.acquire(client: "b\(index)", now: start + .seconds(10))
        }
        #expect(limiter.trackedClients == RateLimiter.minimumPruneSize - 1)
        #expect(limiter.acquire(client: "b0", now: start + .seconds(10)) == nil)
        #expect(limiter.acquire(client: "b0", now: start + .seconds(10)) != nil, "b0's bucket was dropped while it was not full")
    }
}
