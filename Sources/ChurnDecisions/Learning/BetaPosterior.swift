import ChurnModel
import Foundation

/// A Beta(α, β) belief about a probability — here, the retention lift of one offer in one
/// segment: the chance that an at-risk customer who receives it stays.
public struct BetaPosterior: Sendable, Equatable, Hashable {
    public var alpha: Double
    public var beta: Double

    public init(alpha: Double, beta: Double) {
        precondition(alpha > 0 && beta > 0, "Beta parameters must be positive")
        self.alpha = alpha
        self.beta = beta
    }

    /// A prior with mean `mean` worth `weight` observations.
    public init(mean: Double, weight: Double) {
        let mean = min(max(mean, 1e-3), 1 - 1e-3)
        self.init(alpha: mean * weight, beta: (1 - mean) * weight)
    }

    public var mean: Double { alpha / (alpha + beta) }

    /// Pseudo-observations behind the belief (prior weight plus evidence).
    public var weight: Double { alpha + beta }

    /// One draw from the distribution (Thompson sampling).
    public func sample(using generator: inout SplitMix64) -> Double {
        let x = Self.gamma(shape: alpha, using: &generator)
        let y = Self.gamma(shape: beta, using: &generator)
        let total = x + y
        return total > 0 ? x / total : mean
    }

    /// Marsaglia and Tsang's gamma sampler (shape < 1 via the `U^(1/shape)` boost).
    static func gamma(shape: Double, using generator: inout SplitMix64) -> Double {
        if shape < 1 {
            let u = max(generator.nextUnit(), 1e-300)
            return gamma(shape: shape + 1, using: &generator) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = standardNormal(using: &generator)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = generator.nextUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A standard normal draw (Box–Muller; one of the pair is discarded to keep no state).
    static func standardNormal(using generator: inout SplitMix64) -> Double {
        let u1 = max(generator.nextUnit(), 1e-300)
        let u2 = generator.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
