import Foundation

/// ROC and precision–recall curves of scores against outcomes, thinned to a bounded number of
/// points so they can be stored with a model and drawn later without the scores. Points are taken
/// at each distinct score (ties move together, as in scikit-learn's `roc_curve` and
/// `precision_recall_curve`), from the highest threshold down.
public enum EvaluationCurves {
    /// Enough for a smooth chart; at most this many points are kept per curve.
    public static let defaultMaxPoints = 101

    /// (false-positive rate, true-positive rate) from (0, 0) to (1, 1).
    public static func roc(scores: [Double], labels: [Bool], maxPoints: Int = defaultMaxPoints) -> [CurvePoint] {
        let counts = cumulativeCounts(scores: scores, labels: labels)
        let positives = Double(counts.last?.truePositives ?? 0), negatives = Double(counts.last?.falsePositives ?? 0)
        guard positives > 0, negatives > 0 else { return [] }
        let points = [CurvePoint(x: 0, y: 0)] + counts.map {
            CurvePoint(x: Double($0.falsePositives) / negatives, y: Double($0.truePositives) / positives)
        }
        return thin(points, to: maxPoints)
    }

    /// (recall, precision) from (0, 1), then at each threshold from the highest down; as in
    /// scikit-learn's `precision_recall_curve`, read in reverse.
    public static func precisionRecall(scores: [Double], labels: [Bool], maxPoints: Int = defaultMaxPoints) -> [CurvePoint] {
        let counts = cumulativeCounts(scores: scores, labels: labels)
        let positives = Double(counts.last?.truePositives ?? 0)
        guard positives > 0 else { return [] }
        let points = [CurvePoint(x: 0, y: 1)] + counts.map { count in
            CurvePoint(x: Double(count.truePositives) / positives, y: Double(count.truePositives) / Double(count.truePositives + count.falsePositives))
        }
        return thin(points, to: maxPoints)
    }

    /// True and false positives when everything at or above each distinct score is called a churner.
    private static func cumulativeCounts(scores: [Double], labels: [Bool]) -> [(truePositives: Int, falsePositives: Int)] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var counts: [(truePositives: Int, falsePositives: Int)] = []
        var truePositives = 0, falsePositives = 0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            for position in start...end {
                if labels[order[position]] { truePositives += 1 } else { falsePositives += 1 }
            }
            counts.append((truePositives, falsePositives))
            start = end + 1
        }
        return counts
    }

    /// Evenly spaced points of the curve, its two ends always kept, each value to 4 decimals (a
    /// chart cannot show more, and the stored JSON stays short).
    static func thin(_ points: [CurvePoint], to maxPoints: Int) -> [CurvePoint] {
        let kept: [CurvePoint]
        if points.count <= max(maxPoints, 2) {
            kept = points
        } else {
            let last = points.count - 1, slots = max(maxPoints, 2) - 1
            kept = (0...slots).map { points[Int((Double($0) * Double(last) / Double(slots)).rounded())] }
        }
        return kept.map { CurvePoint(x: ($0.x * 10_000).rounded() / 10_000, y: ($0.y * 10_000).rounded() / 10_000) }
    }
}
