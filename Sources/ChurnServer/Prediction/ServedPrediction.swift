import ChurnModel
import Foundation

/// The prediction contract as the API returns it (snake_case keys, see /openapi.yaml).
struct ServedPrediction: Encodable, Sendable {
    struct Reason: Encodable, Sendable {
        var feature: String
        var value: String
        var contribution: Double
    }

    var customerID: String
    var churnProbability: Double
    var churnRiskLevel: String
    var actionCode: String
    var topChurnFeature: String
    var reasons: [Reason]
    var modelVersion: String
    var predictionID: String
    var scoredAt: String

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id", churnProbability = "churn_probability", churnRiskLevel = "churn_risk_level"
        case actionCode = "action_code", topChurnFeature = "top_churn_feature", reasons, modelVersion = "model_version"
        case predictionID = "prediction_id", scoredAt = "scored_at"
    }

    init(_ prediction: ChurnPrediction, predictionID: String, scoredAt: String) {
        customerID = prediction.customerID
        // Six decimals: more would be noise, and the JSON stays short.
        churnProbability = (prediction.churnProbability * 1e6).rounded() / 1e6
        churnRiskLevel = prediction.riskLevel.rawValue
        actionCode = prediction.actionCode
        topChurnFeature = prediction.topChurnFeature
        reasons = prediction.reasons.map { Reason(feature: $0.feature, value: $0.value, contribution: ($0.contribution * 1e6).rounded() / 1e6) }
        modelVersion = prediction.modelVersion
        self.predictionID = predictionID
        self.scoredAt = scoredAt
    }
}

/// What the server hands to the predictions log for every served prediction.
public struct PredictionLogEntry: Codable, Sendable, Equatable {
    public var predictionID: String
    public var customerID: String
    public var timestamp: Date
    public var churnProbability: Double
    public var rawProbability: Double
    public var riskLevel: String
    public var modelVersion: String
    public var topChurnFeature: String
    /// The features the prediction used, as JSON (the log is the source of truth; never the text log).
    public var inferenceFeaturesJSON: String
    public var reasonsJSON: String
    public var traceID: String
    public var servedBy: String
}

/// Where served predictions go. The real implementation is the batching predictions-log writer
/// over the store (with a disk spool when the database is away).
public protocol PredictionLogSink: Sendable {
    /// Accepts entries without waiting for the database; the sink makes them durable.
    func append(_ entries: [PredictionLogEntry]) async throws
}

/// The online feature store as the API sees it: the latest stored features of a known customer.
public protocol OnlineFeatureLookup: Sendable {
    func features(customerID: String) async throws -> [String: FeatureValue]?
}
