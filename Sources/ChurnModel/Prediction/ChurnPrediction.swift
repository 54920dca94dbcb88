import Foundation

/// What every scoring path returns and logs (the prediction contract of the design map).
public struct ChurnPrediction: Codable, Sendable, Equatable {
    public var customerID: String
    /// The model's own probability, before calibration.
    public var rawProbability: Double
    /// Calibrated probability of churn within the horizon, 0…1.
    public var churnProbability: Double
    public var riskLevel: RiskLevel
    public var actionCode: String
    /// The feature that pushes this customer's risk up the most.
    public var topChurnFeature: String
    public var reasons: [PredictionReason]
    public var modelVersion: String

    public init(
        customerID: String, rawProbability: Double, churnProbability: Double, riskLevel: RiskLevel,
        topChurnFeature: String, reasons: [PredictionReason], modelVersion: String
    ) {
        self.customerID = customerID
        self.rawProbability = rawProbability
        self.churnProbability = churnProbability
        self.riskLevel = riskLevel
        self.actionCode = riskLevel.actionCode
        self.topChurnFeature = topChurnFeature
        self.reasons = reasons
        self.modelVersion = modelVersion
    }
}

/// One reason behind a score: a feature, its value for this customer, and its exact TreeSHAP
/// contribution to the margin (log-odds; positive pushes toward churn).
public struct PredictionReason: Codable, Sendable, Equatable {
    public var feature: String
    public var value: String
    public var contribution: Double

    public init(feature: String, value: String, contribution: Double) {
        self.feature = feature
        self.value = value
        self.contribution = contribution
    }
}
