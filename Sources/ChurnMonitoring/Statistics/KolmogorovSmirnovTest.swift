import Foundation

/// The two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(a, b)` computes it
/// with its default `method='auto'`: the statistic is the largest gap between the two empirical
/// CDFs; the p-value is exact (the share of lattice paths that leave the band, Hodges 1958) when
/// both samples have at most 10,000 values, and otherwise comes from the one-sample distribution
/// with n = round(n₁n₂ / (n₁ + n₂)) (``KolmogorovDistribution``). In exact mode the statistic is
/// snapped to its lattice, h / lcm(n₁, n₂), as scipy reports it.
public struct KolmogorovSmirnovTest: Sendable, Equatable {
    public enum Method: String, Sendable, Codable { case exact, asymptotic }

    /// scipy's `MAX_AUTO_N`: the largest sample for which `auto` tries the exact p-value.
    public static let exactLimit = 10_000

    public var statistic: Double
    public var pValue: Double
    public var method: Method

    /// Both samples must be non-empty and free of NaN; `sorted` skips sorting when the caller has.
    public init(_ first: [Double], _ second: [Double], sorted: Bool = false) {
        precondition(!first.isEmpty && !second.isEmpty, "the KS test needs two non-empty samples")
        let a = sorted ? first : first.sorted()
        let b = sorted ? second : second.sorted()
        let n1 = a.count, n2 = b.count
        let d = Self.largestGap(a, b)
        if max(n1, n2) <= Self.exactLimit {
            let g = Self.gcd(n1, n2)
            let lcm = Double(n1 / g) * Double(n2)
            let h = Int((d * lcm).rounded(.toNearestOrEven))
            statistic = Double(h) / lcm
            method = .exact
            if h == 0 {
                pValue = 1
            } else if n1 == n2 {
                pValue = min(max(Self.outsideSquare(n: n1, h: h), 0), 1)
            } else {
                pValue = min(max(Self.outsideBand(n1, n2, g: g, h: h), 0), 1)
            }
        } else {
            let m = Double(max(n1, n2)), n = Double(min(n1, n2))
            let effective = Int((m * n / (m + n)).rounded(.toNearestOrEven))
            statistic = d
            method = .asymptotic
            pValue = KolmogorovDistribution.survival(n: effective, x: d)
        }
    }

    /// max |F₁(x) − F₂(x)| over every value of either sample, each CDF counting values ≤ x.
    static func largestGap(_ a: [Double], _ b: [Double]) -> Double {
        let n1 = Double(a.count), n2 = Double(b.count)
        var i = 0, j = 0, gap = 0.0
        while i < a.count || j < b.count {
            let x = j == b.count || (i < a.count && a[i] <= b[j]) ? a[i] : b[j]
            while i < a.count, a[i] <= x { i += 1 }
            while j < b.count, b[j] <= x { j += 1 }
            gap = max(gap, abs(Double(i) / n1 - Double(j) / n2))
        }
        return gap
    }

    /// P(D ≥ h/n) for two samples of n values (scipy's `_compute_prob_outside_square`).
    static func outsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h { p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1) }
            p = p1 * (1 - p)
            k -= 1
        }
        return 2 * p
    }

    /// P(D ≥ h / lcm) for samples of n₁ ≠ n₂ values: one minus the share of the C(n₁+n₂, n₁)
    /// monotone lattice paths from (0, 0) to (m, n) that stay strictly inside |x·n/g − y·m/g| < h.
    /// Each cell holds its path count divided by C(x + y, x), which keeps every value in [0, 1].
    static func outsideBand(_ n1: Int, _ n2: Int, g: Int, h: Int) -> Double {
        let m = max(n1, n2), n = min(n1, n2)
        let mg = m / g, ng = n / g
        func inside(_ x: Int, _ y: Int) -> Bool { abs(x * ng - y * mg) < h }
        var column = [Double](repeating: 0, count: n + 1)
        // x = 0: the paths straight up, inside while y stays close enough.
        for y in 0...n { column[y] = inside(0, y) ? 1 : 0 }
        for x in 1...m {
            // Only y with |x·ng − y·mg| < h can be inside; the rest are zero.
            let low = max(0, (x * ng - h) / mg - 1)
            let high = min(n, (x * ng + h) / mg + 1)
            if low > 0 { column[low - 1] = 0 }
            var below = 0.0
            for y in low...high {
                let value: Double
                if !inside(x, y) {
                    value = 0
                } else if y == 0 {
                    value = column[0]
                } else {
                    value = (column[y] * Double(x) + below * Double(y)) / Double(x + y)
                }
                column[y] = value
                below = value
            }
            if high < n { for y in (high + 1)...n where column[y] != 0 { column[y] = 0 } }
        }
        return 1 - column[n]
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
