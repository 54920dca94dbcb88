import Foundation

/// The survival function of the one-sample Kolmogorov statistic Dₙ, P(Dₙ ≥ x), as
/// `scipy.stats.kstwo.sf(x, n)` computes it (Simard & L'Ecuyer 2011): Ruben–Gambino closed forms
/// at the ends, twice the exact one-sided Smirnov tail where the two-sided tail is that to within
/// 10⁻⁷ (n·x² ≥ 2.2, or x ≥ 0.5), the Durbin matrix (Marsaglia–Tsang–Wang) where it is affordable,
/// and the Pelz–Good expansion beyond. scipy switches to Pomeranz's recursion for some small n;
/// Durbin's matrix is exact there too, so the two agree to rounding.
public enum KolmogorovDistribution {
    public static func survival(n: Int, x: Double) -> Double {
        precondition(n > 0, "n must be positive")
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            let cdf: Double
            if n <= 140 {
                cdf = (1...n).reduce(1.0) { product, i in product * (Double(i) * (1.0 / nd) * (2 * t - 1)) }
            } else {
                cdf = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return clip(1 - cdf)
        }
        if t >= nd - 1 { return clip(2 * pow(1 - x, nd)) }
        if x >= 0.5 { return clip(2 * smirnov(n: n, x: x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 4 { return clip(1 - durbinCDF(n: n, d: x)) }
            return clip(2 * smirnov(n: n, x: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clip(2 * smirnov(n: n, x: x)) }
        let cdf = n <= 100_000 && nd * pow(x, 1.5) <= 1.4 ? durbinCDF(n: n, d: x) : pelzGoodCDF(n: n, x: x)
        return clip(1 - cdf)
    }

    /// The one-sided tail P(Dₙ⁺ ≥ x), exactly (Birnbaum & Tingey 1951):
    /// x · Σ_{j ≤ n(1−x)} C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}, each term in logarithms.
    static func smirnov(n: Int, x: Double) -> Double {
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let last = Int((nd * (1 - x)).rounded(.down))
        let logNFactorial = logGamma(nd + 1)
        var sum = 0.0
        for j in 0...max(0, last) {
            let jd = Double(j)
            let down = 1 - x - jd / nd
            guard down > 0 || j == n else { continue }
            var logTerm = logNFactorial - logGamma(jd + 1) - logGamma(nd - jd + 1) + (jd - 1) * log(x + jd / nd)
            if n - j > 0 { logTerm += (nd - jd) * log(down) }
            sum += exp(logTerm)
        }
        return min(max(x * sum, 0), 1)
    }

    /// P(Dₙ < d) by Durbin's matrix method as Marsaglia, Tsang and Wang (2003) compute it: the
    /// (k, k) entry of Hⁿ times n!/nⁿ, with powers of two taken out as it goes to stay in range.
    static func durbinCDF(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var w = [Double](repeating: 0, count: m)
        var v = (1...m).map { 1 - pow(h, Double($0)) }
        var factorial = 1.0
        for j in 1...m {
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] *= factorial
        }
        let tt = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * factorial
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 1..<max(m, 1) {
            for row in (i - 1)..<m { matrix[row * m + i] = w[row - i + 1] }
        }
        for row in 0..<m { matrix[row * m] = v[row] }
        for column in 0..<m { matrix[(m - 1) * m + column] = v[m - 1 - column] }

        var power = [Double](repeating: 0, count: m * m)
        for i in 0..<m { power[i * m + i] = 1 }
        let scale = 0x1p128, scaleExponent = 128
        var exponent = 0, matrixExponent = 0
        var remaining = n
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = multiply(power, matrix, m)
                exponent += matrixExponent
            }
            matrix = multiply(matrix, matrix, m)
            matrixExponent *= 2
            if abs(matrix[(k - 1) * m + (k - 1)]) > scale {
                for i in matrix.indices { matrix[i] /= scale }
                matrixExponent += scaleExponent
            }
            remaining /= 2
        }
        var p = power[(k - 1) * m + (k - 1)]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < 0x1p-128 {
                p *= scale
                exponent -= scaleExponent
            }
        }
        return min(max(scalbn(p, exponent), 0), 1)
    }

    private static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for l in 0..<m {
                let left = a[i * m + l]
                if left == 0 { continue }
                for j in 0..<m { c[i * m + j] += left * b[l * m + j] }
            }
        }
        return c
    }

    /// The Li-Chien–Korolyuk expansion K₀ + K₁/√n + K₂/n + K₃/n^1.5 in Pelz and Good's (1976) form
    /// for small z = x√n; scipy's `_kolmogn_PelzGood`, term for term.
    static func pelzGoodCDF(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let piSquared = Double.pi * Double.pi, piFour = piSquared * piSquared, piSix = piFour * piSquared
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -piSquared / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2, k1b = piSquared / 4
        let k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * piSquared / 4, k2c = piFour * (1 - 2 * z2) / 16
        let k3d = piSix * (5 - 30 * z2) / 64
        let k3c = piFour * (-60 * z2 + 212 * z4) / 16
        let k3b = piSquared * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var terms = [0.0, 0.0, 0.0, 0.0]
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        if maxK >= 1 {
            for k in stride(from: maxK, through: 1, by: -1) {
                let m = Double(2 * k - 1)
                let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
                let qPower = pow(q, Double(8 * k))
                let coefficients = [1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6]
                for i in 0..<4 { terms[i] = terms[i] * qPower + coefficients[i] }
            }
        }
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for i in 0..<4 { terms[i] = terms[i] * q * sqrt2pi / divisors[i] }
        q = exp(-piSquared / 2 / z2)
        var k2extra = 0.0, k3extra = 0.0
        let sqrt3z = 3.0.squareRoot() * z
        if maxK >= 1 {
            for k in stride(from: maxK, through: 1, by: -1) {
                let kd = Double(k)
                let power = pow(q, kd * kd)
                k2extra += kd * kd * power
                let kpi = Double.pi * kd
                k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * kd * kd * power
            }
        }
        terms[2] += k2extra * piSquared * sqrt2pi / (-36 * z3)
        terms[3] += k3extra * piSquared * sqrt2pi / (216 * z6)
        var sum = 0.0
        for i in 0..<4 { sum += terms[i] / pow(Double(n), Double(i) / 2) }
        return sum
    }

    /// ln(n! / nⁿ) by Stirling's series (scipy's `_log_nfactorial_div_n_pow_n`).
    static func logFactorialOverPower(_ n: Int) -> Double {
        let coefficients = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
                            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
                            -2.7777777777777777778e-3, 8.3333333333333333333e-2]
        let nd = Double(n), rn = 1 / nd
        let x = rn / nd
        let polynomial = coefficients.reduce(0.0) { $0 * x + $1 }
        return log(nd) / 2 - nd + log(2 * Double.pi) / 2 + rn * polynomial
    }

    private static func clip(_ p: Double) -> Double { min(max(p, 0), 1) }
}
