import Foundation

/// The first Wasserstein (earth mover's) distance between two samples, ∫ |F₁ − F₂| dx, as
/// `scipy.stats.wasserstein_distance(a, b)` computes it, and Evidently's normed form: the distance
/// divided by the reference's population standard deviation (at least 0.001), so that one
/// threshold (0.1 by default) means "moved by a tenth of a standard deviation" on any scale.
public enum WassersteinDistance {
    /// Evidently's floor on the reference spread, so a constant reference does not divide by zero.
    public static let minimumNorm = 0.001

    /// Both samples sorted ascending, non-empty, without NaN.
    public static func distance(sortedFirst a: [Double], sortedSecond b: [Double]) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "the Wasserstein distance needs two non-empty samples")
        let n1 = Double(a.count), n2 = Double(b.count)
        var i = 0, j = 0
        var previous = min(a[0], b[0])
        var total = 0.0
        // Between consecutive distinct values both CDFs are flat: add |F₁ − F₂| × width.
        while i < a.count || j < b.count {
            let x = j == b.count || (i < a.count && a[i] <= b[j]) ? a[i] : b[j]
            total += abs(Double(i) / n1 - Double(j) / n2) * (x - previous)
            while i < a.count, a[i] <= x { i += 1 }
            while j < b.count, b[j] <= x { j += 1 }
            previous = x
        }
        return total
    }

    /// ``distance(sortedFirst:sortedSecond:)`` over the reference's standard deviation (ddof 0).
    public static func normed(sortedReference reference: [Double], sortedCurrent current: [Double]) -> Double {
        distance(sortedFirst: reference, sortedSecond: current) / max(standardDeviation(reference), minimumNorm)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count)).squareRoot()
    }
}
