import Foundation

/// Confidence-based performance estimation (NannyML's CBPE): how well the model is doing today,
/// before any outcome is known, from its calibrated probabilities alone. If p is calibrated, a
/// customer scored p is a churner with probability p, so every confusion-matrix cell has an
/// expectation: at threshold t, E[TP] = Σ_{p ≥ t} p, E[FP] = Σ_{p ≥ t} (1 − p), E[FN] = Σ_{p < t} p,
/// E[TN] = Σ_{p < t} (1 − p).
///
/// The expected ROC curve takes those expectations at every distinct score as the threshold and
/// joins (0, 0) to (1, 1) through them; its area is the expected ROC-AUC. Precision and recall are
/// the expectations at the HIGH tier threshold (0.70 by default). The estimate is only as good as
/// the calibration: a model whose calibration broke (concept drift) is estimated too kindly, which
/// is what the realized metrics catch once labels arrive.
public struct ExpectedPerformance: Sendable, Codable, Equatable {
    public var rows: Int
    /// nil when every probability is 0 or every one is 1 (no expected churner or non-churner).
    public var rocAUC: Double?
    public var precisionAtHigh: Double
    public var recallAtHigh: Double
    public var highThreshold: Double
    /// Σ p: the number of customers expected to churn within the horizon.
    public var expectedChurners: Double

    public init(probabilities: [Double], highThreshold: Double) {
        rows = probabilities.count
        self.highThreshold = highThreshold
        expectedChurners = probabilities.reduce(0, +)
        let negatives = Double(probabilities.count) - expectedChurners
        let area = Self.expectedROCAUC(probabilities, positives: expectedChurners, negatives: negatives)
        rocAUC = area.isNaN ? nil : area
        var flaggedTrue = 0.0, flaggedFalse = 0.0
        for p in probabilities where p >= highThreshold {
            flaggedTrue += p
            flaggedFalse += 1 - p
        }
        precisionAtHigh = flaggedTrue + flaggedFalse > 0 ? flaggedTrue / (flaggedTrue + flaggedFalse) : 0
        recallAtHigh = expectedChurners > 0 ? flaggedTrue / expectedChurners : 0
    }

    static func expectedROCAUC(_ probabilities: [Double], positives: Double, negatives: Double) -> Double {
        guard positives > 0, negatives > 0 else { return .nan }
        let sorted = probabilities.sorted(by: >)
        var truePositives = 0.0, falsePositives = 0.0
        var previousTPR = 0.0, previousFPR = 0.0
        var area = 0.0
        var index = 0
        // Thresholds from the highest score down; ties enter the curve together.
        while index < sorted.count {
            let threshold = sorted[index]
            while index < sorted.count, sorted[index] == threshold {
                truePositives += sorted[index]
                falsePositives += 1 - sorted[index]
                index += 1
            }
            let tpr = truePositives / positives, fpr = falsePositives / negatives
            area += (fpr - previousFPR) * (tpr + previousTPR) / 2
            previousTPR = tpr
            previousFPR = fpr
        }
        return area
    }

    enum CodingKeys: String, CodingKey {
        case rows
        case rocAUC = "roc_auc"
        case precisionAtHigh = "precision_at_high"
        case recallAtHigh = "recall_at_high"
        case highThreshold = "high_threshold"
        case expectedChurners = "expected_churners"
    }
}
