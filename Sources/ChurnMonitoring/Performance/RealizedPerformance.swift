import ChurnModel

/// What the model actually achieved on a scoring day once the horizon has passed and the churns
/// are known, and whether that is concept drift: realized ROC-AUC at least
/// ``DriftConfiguration/conceptDriftROCAUCDrop`` below the model's own test ROC-AUC (the
/// relationship between inputs and churn changed, not just the inputs).
public struct RealizedPerformance: Sendable, Codable, Equatable {
    public var rows: Int
    public var churners: Int
    /// nil when the day has only churners or only non-churners.
    public var rocAUC: Double?
    public var precisionAtHigh: Double
    public var recallAtHigh: Double
    /// The bundle's calibrated test ROC-AUC, when it has one.
    public var referenceROCAUC: Double?
    public var conceptDrift: Bool

    public init(probabilities: [Double], churned: [Bool], highThreshold: Double, referenceROCAUC: Double?,
                configuration: DriftConfiguration = DriftConfiguration()) {
        precondition(probabilities.count == churned.count, "one label per probability")
        rows = probabilities.count
        churners = churned.filter { $0 }.count
        let area = RankingMetrics.rocAUC(scores: probabilities, labels: churned)
        rocAUC = area.isNaN ? nil : area
        var truePositives = 0, flagged = 0
        for (p, label) in zip(probabilities, churned) where p >= highThreshold {
            flagged += 1
            if label { truePositives += 1 }
        }
        precisionAtHigh = flagged > 0 ? Double(truePositives) / Double(flagged) : 0
        recallAtHigh = churners > 0 ? Double(truePositives) / Double(churners) : 0
        self.referenceROCAUC = referenceROCAUC
        if let referenceROCAUC, let rocAUC {
            conceptDrift = referenceROCAUC - rocAUC >= configuration.conceptDriftROCAUCDrop
        } else {
            conceptDrift = false
        }
    }

    enum CodingKeys: String, CodingKey {
        case rows, churners
        case rocAUC = "roc_auc"
        case precisionAtHigh = "precision_at_high"
        case recallAtHigh = "recall_at_high"
        case referenceROCAUC = "reference_roc_auc"
        case conceptDrift = "concept_drift"
    }
}
