import Foundation

/// How a destination retries transient failures: exponential backoff with full jitter, a delay drawn
/// from `uniform(0, min(cap, base · 2^(attempt − 1)))` after the attempt-th failure, so that many
/// messages failing together do not come back together; a longer `Retry-After` from the receiver
/// wins. After `maxAttempts` attempts the message is dead.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseSeconds: Double
    public var capSeconds: Double

    public init(maxAttempts: Int = 5, baseSeconds: Double = 1, capSeconds: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
    }

    /// The wait before the next attempt after `attempts` attempts failed.
    public func delay<G: RandomNumberGenerator>(afterAttempts attempts: Int, retryAfter: TimeInterval?, using generator: inout G) -> TimeInterval {
        let exponent = Double(max(0, min(attempts - 1, 60)))
        let ceiling = min(capSeconds, baseSeconds * pow(2, exponent))
        let jittered = ceiling > 0 ? Double.random(in: 0...ceiling, using: &generator) : 0
        return max(jittered, retryAfter ?? 0)
    }
}
