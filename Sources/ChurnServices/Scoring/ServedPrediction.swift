import ChurnModel
import Foundation

/// The prediction contract as the API returns it (snake_case keys, see /openapi.yaml).
public struct ServedPrediction: Encodable, Sendable {
    public struct Reason: Codable, Sendable {
        public var feature: String
        public var value: String
        public var contribution: Double
    }

    public var customerID: String
    public var churnProbability: Double
    public var churnRiskLevel: String
    public var actionCode: String
    public var topChurnFeature: String
    public var reasons: [Reason]
    public var modelVersion: String
    public var predictionID: String
    public var scoredAt: String

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id", churnProbability = "churn_probability", churnRiskLevel = "churn_risk_level"
        case actionCode = "action_code", topChurnFeature = "top_churn_feature", reasons, modelVersion = "model_version"
        case predictionID = "prediction_id", scoredAt = "scored_at"
    }

    public init(_ prediction: ChurnPrediction, predictionID: String, scoredAt: String) {
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

extension ServedPrediction {
    /// The response body of `POST /api/v1/predict`: one object, or an array for a batch request —
    /// what `JSONEncoder` with sorted keys writes for the same values (but for `/`, left unescaped),
    /// without its cost on every request.
    public static func jsonBody(_ predictions: [ServedPrediction], asArray: Bool) -> [UInt8] {
        var json = JSONBytes(capacity: 640 * predictions.count)
        if asArray { json.append(byte: UInt8(ascii: "[")) }
        for (index, prediction) in predictions.enumerated() where asArray || index == 0 {
            if index > 0 { json.append(byte: UInt8(ascii: ",")) }
            prediction.append(to: &json)
        }
        if asArray { json.append(byte: UInt8(ascii: "]")) }
        return json.bytes
    }

    private func append(to json: inout JSONBytes) {
        json.append(raw: #"{"action_code":"#)
        json.append(string: actionCode)
        json.append(raw: #","churn_probability":"#)
        json.append(number: churnProbability)
        json.append(raw: #","churn_risk_level":"#)
        json.append(string: churnRiskLevel)
        json.append(raw: #","customer_id":"#)
        json.append(string: customerID)
        json.append(raw: #","model_version":"#)
        json.append(string: modelVersion)
        json.append(raw: #","prediction_id":"#)
        json.append(string: predictionID)
        json.append(raw: #","reasons":"#)
        ReasonsJSON.append(reasons.map { ($0.feature, $0.value, $0.contribution) }, to: &json)
        json.append(raw: #","scored_at":"#)
        json.append(string: scoredAt)
        json.append(raw: #","top_churn_feature":"#)
        json.append(string: topChurnFeature)
        json.append(byte: UInt8(ascii: "}"))
    }
}
