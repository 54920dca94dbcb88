/// `exp` and `log` from plain IEEE arithmetic, for the simulation.
///
/// The platform's libm may round differently in the last place from one system to another, and a
/// last-place difference can flip a Bernoulli draw and change the data; these give the same bits
/// everywhere (about 1e-12 relative error, far below what a simulation notices). They are also
/// cheaper than libm, which matters at hundreds of millions of calls.
enum GeneratorMath {
    private static let log2e = 1.4426950408889634
    private static let ln2 = 0.6931471805599453

    /// e^x for |x| < 700 (clamped beyond).
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        let clamped = min(700, max(-700, x))
        // e^x = 2^k · e^r with k = x / ln 2 rounded to nearest and |r| ≤ ln 2 / 2.
        let scaled = clamped * log2e
        var k = Int(scaled)  // truncates towards zero
        let fraction = scaled - Double(k)
        if fraction > 0.5 { k += 1 } else if fraction < -0.5 { k -= 1 }
        let r = clamped - Double(k) * ln2
        // Taylor series to degree 10: the error term r^11/11! is below 1e-12 for |r| ≤ 0.35.
        var p = 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let bits = UInt64(bitPattern: Int64(1023 + k)) << 52
        return p * Double(bitPattern: bits)
    }

    /// Natural logarithm of a positive, finite x.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of \(x)")
        var m = x.significand  // [1, 2)
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        // log m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172: the series converges fast.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var sum = 1.0 / 19
        for denominator in stride(from: 17.0, through: 1, by: -2) { sum = sum * s2 + 1 / denominator }
        return 2 * s * sum + e * ln2
    }

    /// x^y for x > 0.
    static func pow(_ x: Double, _ y: Double) -> Double {
        exp(y * log(x))
    }
}
