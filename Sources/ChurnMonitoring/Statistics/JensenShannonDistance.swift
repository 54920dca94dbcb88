import Foundation

/// The Jensen–Shannon distance between two distributions over the same categories, as
/// `scipy.spatial.distance.jensenshannon(p, q)` computes it with its default natural logarithm
/// (so it lies in [0, √ln 2 ≈ 0.833]): both are normalised to sum 1, m = (p + q) / 2, and the
/// distance is √((KL(p‖m) + KL(q‖m)) / 2). Unlike KL it is finite when one side has an empty
/// category, which is why Evidently uses it for large categorical samples (drift at ≥ 0.1).
public enum JensenShannonDistance {
    public static func distance(_ p: [Double], _ q: [Double]) -> Double {
        precondition(p.count == q.count, "both distributions need the same categories")
        let pSum = p.reduce(0, +), qSum = q.reduce(0, +)
        guard pSum > 0, qSum > 0 else { return .nan }
        var divergence = 0.0
        for (pi, qi) in zip(p, q) {
            let a = pi / pSum, b = qi / qSum
            let m = (a + b) / 2
            if a > 0 { divergence += a * log(a / m) }
            if b > 0 { divergence += b * log(b / m) }
        }
        return (max(divergence, 0) / 2).squareRoot()
    }
}
