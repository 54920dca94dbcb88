/// A customer's hidden health: how much value they get and how committed they are, on a scale
/// where 0 is an ordinary customer and ±1 is clearly healthy or at risk.
///
/// Each day it reverts towards the customer's long-run level (``mean``) with a time constant of
/// about six weeks, plus noise; events (crashes, bad support experiences, failed payments, price
/// rises) knock it down and good support nudges it up, and the knocks fade as it reverts. A champion
/// leaving or a competitor launch moves the long-run level itself. Engagement, tickets, payment
/// failures and the churn hazard are all functions of it; it is never written out.
struct HealthProcess {
    static let reversion = 1.0 / 42
    static let volatility = 0.07

    var level: Double
    var mean: Double

    /// One day: reversion, noise (a standard normal draw) and any steady pull (a notice period).
    @inline(__always)
    mutating func step(noise: Double, pull: Double = 0) {
        level += Self.reversion * (mean - level) + Self.volatility * noise + pull
        level = min(3, max(-3.5, level))
    }

    @inline(__always)
    mutating func shock(_ amount: Double) {
        level = min(3, max(-3.5, level + amount))
    }
}
