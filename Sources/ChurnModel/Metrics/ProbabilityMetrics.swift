import Foundation

/// Metrics of how good the scores are as probabilities.
public enum ProbabilityMetrics {
    /// Mean squared difference between probability and outcome (0 is perfect, 0.25 is a coin).
    public static func brierScore(probabilities: [Double], labels: [Bool]) -> Double {
        guard !probabilities.isEmpty else { return .nan }
        var sum = 0.0
        for (p, label) in zip(probabilities, labels) {
            let error = p - (label ? 1 : 0)
            sum += error * error
        }
        return sum / Double(probabilities.count)
    }

    /// Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15] as scikit-learn does.
    public static func logLoss(probabilities: [Double], labels: [Bool]) -> Double {
        guard !probabilities.isEmpty else { return .nan }
        var sum = 0.0
        for (p, label) in zip(probabilities, labels) {
            let clipped = min(max(p, 1e-15), 1 - 1e-15)
            sum -= label ? log(clipped) : log(1 - clipped)
        }
        return sum / Double(probabilities.count)
    }

    /// Equal-width reliability bins over [0, 1]: in each, the mean predicted probability next to
    /// the observed churn rate. A probability of exactly 1 falls in the last bin.
    public static func reliability(probabilities: [Double], labels: [Bool], bins: Int = 10) -> [ReliabilityBin] {
        let binCount = max(1, bins)
        var counts = [Int](repeating: 0, count: binCount)
        var predicted = [Double](repeating: 0, count: binCount)
        var observed = [Int](repeating: 0, count: binCount)
        for (p, label) in zip(probabilities, labels) where !p.isNaN {
            let bin = min(binCount - 1, max(0, Int(p * Double(binCount))))
            counts[bin] += 1
            predicted[bin] += p
            if label { observed[bin] += 1 }
        }
        return (0..<binCount).map { bin in
            ReliabilityBin(
                lower: Double(bin) / Double(binCount), upper: Double(bin + 1) / Double(binCount), count: counts[bin],
                meanPredicted: counts[bin] > 0 ? predicted[bin] / Double(counts[bin]) : 0,
                observedRate: counts[bin] > 0 ? Double(observed[bin]) / Double(counts[bin]) : 0)
        }
    }

    /// Expected calibration error: the count-weighted mean gap between predicted and observed
    /// churn over the reliability bins.
    public static func expectedCalibrationError(_ bins: [ReliabilityBin]) -> Double {
        let total = bins.reduce(0) { $0 + $1.count }
        guard total > 0 else { return .nan }
        return bins.reduce(0) { $0 + Double($1.count) / Double(total) * abs($1.meanPredicted - $1.observedRate) }
    }
}

/// One bin of a reliability diagram.
public struct ReliabilityBin: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var meanPredicted: Double
    public var observedRate: Double

    public init(lower: Double, upper: Double, count: Int, meanPredicted: Double, observedRate: Double) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.meanPredicted = meanPredicted
        self.observedRate = observedRate
    }
}
