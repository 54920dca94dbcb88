import ChurnDelivery
import ChurnModel
import Testing

/// Backoff with full jitter: within `[0, min(cap, base·2^(n−1))]`, spread over it, a longer Retry-After wins.
@Suite struct RetryPolicyTests {
    @Test func delaysStayUnderTheCappedExponentialAndSpreadOverIt() {
        let policy = RetryPolicy(maxAttempts: 5, baseSeconds: 1, capSeconds: 10)
        var random = SplitMix64(seed: 7)
        for (attempts, ceiling) in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 10.0), (40, 10.0)] {
            let delays = (0..<2_000).map { _ in policy.delay(afterAttempts: attempts, retryAfter: nil, using: &random) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(delays.max()! > ceiling * 0.95 && delays.min()! < ceiling * 0.05)
        }
    }

    @Test func aLongerRetryAfterWins() {
        let policy = RetryPolicy(maxAttempts: 5, baseSeconds: 1, capSeconds: 10)
        var random = SplitMix64(seed: 7)
        #expect(policy.delay(afterAttempts: 1, retryAfter: 30, using: &random) == 30)
        #expect((0..<100).allSatisfy { _ in policy.delay(afterAttempts: 5, retryAfter: 0.5, using: &random) >= 0.5 })
    }
}
