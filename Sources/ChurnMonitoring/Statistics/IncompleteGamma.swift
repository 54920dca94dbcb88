import Foundation

/// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), the chi-square
/// survival function's core: χ²_k.sf(s) = Q(k/2, s/2). A power series below x = a + 1 and
/// Lentz's continued fraction above, each to full double precision (Numerical Recipes §6.2).
enum IncompleteGamma {
    static func upperRegularized(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "a must be positive")
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        let logPrefix = a * log(x) - x - logGamma(a)
        if x < a + 1 {
            // P(a, x) = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n))
            var term = 1 / a, sum = term, denominator = a
            for _ in 0..<10_000 {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return min(max(1 - sum * exp(logPrefix), 0), 1)
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(max(exp(logPrefix) * h, 0), 1)
    }
}

/// ln Γ(x). Spelled out because on Linux `lgamma` is overloaded (Glibc's and Foundation's) and a
/// bare call is ambiguous.
func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
}
