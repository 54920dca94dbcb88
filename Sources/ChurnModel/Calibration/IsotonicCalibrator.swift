import Foundation

/// Maps a model's raw probability to a calibrated one with a monotone step function fitted by
/// pool-adjacent-violators (isotonic regression) on held-out predictions.
///
/// Between two fitted points the output is interpolated linearly, as scikit-learn's
/// `IsotonicRegression(out_of_bounds="clip")` does, so nearby scores get nearby probabilities;
/// below the first and above the last point it is clipped to the end values.
public struct IsotonicCalibrator: Codable, Sendable, Equatable {
    /// Increasing raw scores at which the fitted function is known.
    public let thresholds: [Double]
    /// Non-decreasing calibrated probabilities at ``thresholds``.
    public let values: [Double]

    public init(thresholds: [Double], values: [Double]) throws(CalibrationError) {
        guard !thresholds.isEmpty, thresholds.count == values.count else {
            throw .invalid("thresholds and values must be non-empty and of equal length (\(thresholds.count) vs \(values.count))")
        }
        for index in 1..<max(1, thresholds.count) {
            guard thresholds[index] > thresholds[index - 1] else { throw .invalid("thresholds must increase strictly (index \(index))") }
            guard values[index] >= values[index - 1] else { throw .invalid("values must not decrease (index \(index))") }
        }
        self.thresholds = thresholds
        self.values = values
    }

    private enum CodingKeys: String, CodingKey { case thresholds, values }

    /// Decoding validates like ``init(thresholds:values:)``, so a hand-edited manifest cannot
    /// smuggle in a decreasing calibration curve.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            thresholds: container.decode([Double].self, forKey: .thresholds),
            values: container.decode([Double].self, forKey: .values))
    }

    /// Fits the calibrator. Scores must be finite; both classes must occur.
    public static func fit(scores: [Double], labels: [Bool]) throws(CalibrationError) -> IsotonicCalibrator {
        guard scores.count == labels.count else {
            throw .invalid("\(scores.count) scores but \(labels.count) labels")
        }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("score \(bad) is not a finite number (\(scores[bad]))")
        }
        return try fitValidated(scores: scores, labels: labels)
    }

    private static func fitValidated(scores: [Double], labels: [Bool]) throws(CalibrationError) -> IsotonicCalibrator {
        let positives = labels.filter { $0 }.count
        guard positives > 0, positives < labels.count else {
            throw .invalid("calibration needs both churned and retained examples (\(positives) of \(labels.count) churned)")
        }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // One block per distinct score first (ties share one fitted value), then pool violators.
        var blockScore: [Double] = []
        var blockSum: [Double] = []
        var blockWeight: [Double] = []
        for index in order {
            let score = scores[index]
            let label = labels[index] ? 1.0 : 0.0
            if let last = blockScore.last, last == score {
                blockSum[blockSum.count - 1] += label
                blockWeight[blockWeight.count - 1] += 1
            } else {
                blockScore.append(score)
                blockSum.append(label)
                blockWeight.append(1)
            }
        }
        // Pool adjacent violators on a stack of (sum, weight, first score, last score).
        var sums: [Double] = []
        var weights: [Double] = []
        var lows: [Double] = []
        var highs: [Double] = []
        for block in blockScore.indices {
            sums.append(blockSum[block])
            weights.append(blockWeight[block])
            lows.append(blockScore[block])
            highs.append(blockScore[block])
            while sums.count > 1, sums[sums.count - 2] / weights[weights.count - 2] >= sums[sums.count - 1] / weights[weights.count - 1] {
                let sum = sums.removeLast(), weight = weights.removeLast(), high = highs.removeLast()
                _ = lows.removeLast()
                sums[sums.count - 1] += sum
                weights[weights.count - 1] += weight
                highs[highs.count - 1] = high
            }
        }
        // Each pooled block is flat from its lowest to its highest score.
        var thresholds: [Double] = []
        var values: [Double] = []
        for block in sums.indices {
            let value = sums[block] / weights[block]
            thresholds.append(lows[block])
            values.append(value)
            if highs[block] > lows[block] {
                thresholds.append(highs[block])
                values.append(value)
            }
        }
        return try IsotonicCalibrator(thresholds: thresholds, values: values)
    }

    /// Fits isotonic regression, then joins the pooled blocks at their centroids (mean raw score)
    /// instead of keeping each block flat, so customers inside a block keep their order; the ends
    /// run halfway towards 0 and 1 at raw 0 and 1. The step version ties every customer of a block,
    /// which costs ranking (pooled ROC-AUC) on small calibration sets; this one ties nobody whose
    /// raw scores differ.
    public static func fitInterpolated(scores: [Double], labels: [Bool]) throws(CalibrationError) -> IsotonicCalibrator {
        let steps = try fit(scores: scores, labels: labels)
        // Sum and count of the scores falling in each fitted block [thresholds[i], thresholds[i + 1]] of equal value.
        var centroids: [Double] = []
        var values: [Double] = []
        var sorted = scores
        sorted.sort()
        let total = Double(scores.count)
        var position = 0
        var index = 0
        while index < steps.thresholds.count {
            var end = index
            while end + 1 < steps.thresholds.count, steps.values[end + 1] == steps.values[index] { end += 1 }
            let low = steps.thresholds[index], high = steps.thresholds[end]
            var sum = 0.0, count = 0.0
            while position < sorted.count, sorted[position] <= high {
                if sorted[position] >= low { sum += sorted[position]; count += 1 }
                position += 1
            }
            if count > 0 {
                // Clamped: rounding must not carry a centroid past its block into the next one.
                centroids.append(min(max(sum / count, low), high))
                // Shrunk by half a customer towards 0.5 (a strictly increasing map), so no block
                // says 0 or 1 — certainty a finite sample cannot give, and an infinite log loss.
                values.append((steps.values[index] * total + 0.5) / (total + 1))
            }
            index = end + 1
        }
        var thresholds: [Double] = []
        var knots: [Double] = []
        if centroids[0] > 0 {
            thresholds.append(0)
            knots.append(values[0] / 2)
        }
        thresholds += centroids
        knots += values
        if centroids[centroids.count - 1] < 1 {
            thresholds.append(1)
            knots.append((1 + values[values.count - 1]) / 2)
        }
        return try IsotonicCalibrator(thresholds: thresholds, values: knots)
    }

    /// The calibrated probability for a raw score (NaN stays NaN).
    public func calibrate(_ score: Double) -> Double {
        guard !score.isNaN else { return score }
        if score <= thresholds[0] { return values[0] }
        if score >= thresholds[thresholds.count - 1] { return values[values.count - 1] }
        // First threshold above the score; the score lies in [thresholds[upper - 1], thresholds[upper]).
        var low = 0, high = thresholds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if thresholds[middle] <= score { low = middle + 1 } else { high = middle }
        }
        let upper = low
        let x0 = thresholds[upper - 1], x1 = thresholds[upper]
        let share = (score - x0) / (x1 - x0)
        return values[upper - 1] + share * (values[upper] - values[upper - 1])
    }
}

public enum CalibrationError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): return "cannot calibrate: \(reason)"
        }
    }
}
