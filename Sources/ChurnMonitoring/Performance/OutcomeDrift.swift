import ChurnModel
import Foundation

/// The churn seen so far after a scoring day against what the calibrated probabilities expect by
/// then: concept drift weeks before the horizon ends and ROC-AUC can be measured.
///
/// A probability p is for the whole horizon h; with a constant hazard inside it, a customer churns
/// within the first e days with probability 1 − (1 − p)^(e/h). Summed over the scored customers that
/// is the expected count; the observed count is the customers whose first churn fell in (D, D + e].
/// Drift when observed/expected is at least ``DriftConfiguration/outcomeDriftRatio`` (or at most its
/// inverse) and the difference is at least ``DriftConfiguration/outcomeDriftZScore`` standard
/// deviations (the sum of the Bernoulli variances). CBPE cannot see this by design: it trusts the
/// probabilities; this holds them to the churn that has already happened.
public struct OutcomeDrift: Sendable, Codable, Equatable {
    public var elapsedDays: Int
    public var horizonDays: Int
    public var rows: Int
    public var observedChurners: Int
    public var expectedChurners: Double
    /// observed / expected (nil when nothing was expected).
    public var ratio: Double?
    public var zScore: Double
    /// How well the day's scores ranked the churners seen so far (nil with one class only).
    public var rocAUC: Double?
    public var drifted: Bool

    public init(probabilities: [Double], churnedSoFar: [Bool], elapsedDays: Int, horizonDays: Int,
                configuration: DriftConfiguration = DriftConfiguration()) {
        precondition(probabilities.count == churnedSoFar.count, "one outcome per probability")
        precondition(elapsedDays > 0 && horizonDays > 0, "days must be positive")
        self.elapsedDays = min(elapsedDays, horizonDays)
        self.horizonDays = horizonDays
        rows = probabilities.count
        observedChurners = churnedSoFar.filter { $0 }.count
        let fraction = Double(self.elapsedDays) / Double(horizonDays)
        var expected = 0.0, variance = 0.0
        for p in probabilities {
            let q = 1 - pow(1 - min(max(p, 0), 1), fraction)
            expected += q
            variance += q * (1 - q)
        }
        expectedChurners = expected
        ratio = expected > 0 ? Double(observedChurners) / expected : nil
        zScore = variance > 0 ? (Double(observedChurners) - expected) / variance.squareRoot() : 0
        let area = RankingMetrics.rocAUC(scores: probabilities, labels: churnedSoFar)
        rocAUC = area.isNaN ? nil : area
        let limit = configuration.outcomeDriftRatio
        if let ratio {
            drifted = (ratio >= limit || ratio <= 1 / limit) && abs(zScore) >= configuration.outcomeDriftZScore
        } else {
            drifted = false
        }
    }

    enum CodingKeys: String, CodingKey {
        case rows, ratio, drifted
        case elapsedDays = "elapsed_days"
        case horizonDays = "horizon_days"
        case observedChurners = "observed_churners"
        case expectedChurners = "expected_churners"
        case zScore = "z_score"
        case rocAUC = "roc_auc"
    }
}
