import Foundation

/// Population stability index: how far the current shares of a set of bins moved from the
/// reference shares, Σ (ref − cur) · ln(ref / cur). The credit-risk rule of thumb reads it as
/// stable below 0.1, shifting from 0.1 and shifted from 0.2 (``DriftConfiguration`` holds the bands).
///
/// Numeric features use the reference's quantile bins (the bundle's decile edges), so every
/// reference bin holds about a tenth of the training rows; categorical features use one bin per
/// category. An empty bin would make the logarithm infinite: its share is replaced by
/// ``emptyBinShare`` (10⁻⁴, Evidently's choice) on either side before the sum.
public enum PopulationStabilityIndex {
    public static let emptyBinShare = 1e-4

    public static func value(reference: [Double], current: [Double]) -> Double {
        precondition(reference.count == current.count, "PSI needs the same bins on both sides")
        var sum = 0.0
        for (r, c) in zip(reference, current) {
            let ref = r == 0 ? emptyBinShare : r
            let cur = c == 0 ? emptyBinShare : c
            sum += (ref - cur) * log(ref / cur)
        }
        return sum
    }

    /// The share of `values` (present values only) in each bin of `edges`: bin i holds values below
    /// `edges[i]` and at or above `edges[i - 1]`; the last bin is open-ended, as in
    /// `ReferenceDistribution.numeric`.
    public static func binShares(of values: [Double], edges: [Double]) -> [Double] {
        var counts = [Int](repeating: 0, count: edges.count + 1)
        for value in values {
            var low = 0, high = edges.count
            while low < high {
                let mid = (low + high) / 2
                if value < edges[mid] { high = mid } else { low = mid + 1 }
            }
            counts[low] += 1
        }
        let total = Double(values.count)
        return counts.map { total == 0 ? 0 : Double($0) / total }
    }
}
