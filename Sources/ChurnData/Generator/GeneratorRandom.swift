import ChurnModel

/// The generator's random source: xoshiro256** seeded through SplitMix64.
///
/// Implemented here, not taken from the standard library, so that a seed gives the same stream on
/// every platform and Swift version. Each customer gets its own stream derived from
/// (run seed, customer index), which makes the output independent of how customers are split over
/// threads. The distributions are the cheap ones a daily simulation of millions of customer-days
/// can afford.
public struct GeneratorRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A stream for `seed`; `stream` separates independent uses of one seed (a customer index, the
    /// run calendar).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(seed: seed ^ SplitMix64.mix(stream &+ 0x6A09_E667_F3BC_C909))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the one state xoshiro cannot leave
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1), 53 bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Uniform integer in 0..<bound (bound ≥ 1), by multiply-shift (bias below 2⁻³² for our bounds).
    public mutating func int(below bound: Int) -> Int {
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(bound)) >> 32)
    }

    public mutating func bernoulli(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// Approximately standard normal: the Irwin–Hall sum of four 16-bit uniforms taken from one
    /// draw, rescaled to unit variance. Tails stop at ±3.46, which suits daily noise (no wild jumps).
    public mutating func normal() -> Double {
        let bits = next()
        let sum = Double(bits & 0xFFFF) + Double(bits >> 16 & 0xFFFF) + Double(bits >> 32 & 0xFFFF) + Double(bits >> 48)
        // Each term is uniform on [0, 65535]: mean 2 × 65535, variance 4 × 65536² / 12.
        return (sum - 131_070) * (1.7320508075688772 / 65_536)
    }

    /// Standard normal for profile traits, where tails matter more than speed: the Irwin–Hall sum
    /// of twelve uniforms (tails reach ±6), from plain arithmetic so that it is the same on every
    /// platform (a libm `log`/`cos` may differ in the last place).
    public mutating func gaussian() -> Double {
        var sum = 0.0
        for _ in 0..<3 {
            let bits = next()
            sum += Double(bits & 0xFFFF) + Double(bits >> 16 & 0xFFFF) + Double(bits >> 32 & 0xFFFF) + Double(bits >> 48)
        }
        return sum / 65_536 - 6
    }

    /// exp(N(log median, sigma²)).
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * GeneratorMath.exp(sigma * gaussian())
    }

    /// Poisson by inversion; a rounded normal above a mean of 12, where inversion gets slow and the
    /// normal is close enough for daily counts, and a Bernoulli draw below 0.02 (where two or more
    /// events have a probability under 2e-4).
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0.02 else { return mean > 0 && uniform() < mean ? 1 : 0 }
        if mean > 12 {
            return max(0, Int(mean + mean.squareRoot() * normal() + 0.5))
        }
        let u = uniform()
        var probability = GeneratorMath.exp(-mean)
        var cumulative = probability
        var k = 0
        let reciprocals = Self.reciprocals
        while u > cumulative, k < 60 {
            k += 1
            probability *= mean * reciprocals[k]
            cumulative += probability
        }
        return k
    }

    /// 1/k for k in 0...60 (index 0 unused), so that inversion multiplies instead of divides.
    private static let reciprocals: [Double] = (0...60).map { $0 == 0 ? 0 : 1 / Double($0) }

    /// An index drawn with the given (not necessarily normalised) weights.
    public mutating func pick(weights: [Double]) -> Int {
        var total = 0.0
        for weight in weights { total += weight }
        var target = uniform() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
