import ChurnData
import ChurnServices
import ChurnStore
import Foundation

/// `GET /api/v1/customers/{id}/risk`: the customer's current score with its reasons, the active
/// campaign decision if any, and the score history.
struct CustomerRisk: Encodable, Sendable {
    struct Campaign: Encodable, Sendable {
        var campaignID: String
        var programID: String
        var asOf: String
        var offerID: String
        var offerType: String
        var channel: String
        var route: String
        var segment: String
        var lifetimeValue: Double
        var expectedValue: Double
        var holdout: Bool
        var expiresAt: String
        var reasons: [String]

        enum CodingKeys: String, CodingKey {
            case channel, route, segment, holdout, reasons
            case campaignID = "campaign_id", programID = "program_id", asOf = "as_of", offerID = "offer_id"
            case offerType = "offer_type", lifetimeValue = "lifetime_value", expectedValue = "expected_value", expiresAt = "expires_at"
        }

        init(_ candidate: CandidateRecord) {
            campaignID = candidate.campaignID
            programID = candidate.programID
            asOf = candidate.asOf
            offerID = candidate.offerID
            offerType = candidate.offerType
            channel = candidate.channel
            route = candidate.route
            segment = candidate.segment
            lifetimeValue = candidate.lifetimeValue
            expectedValue = candidate.expectedValue
            holdout = candidate.isHoldout
            expiresAt = UTCTimestamp.string(candidate.expiresAt)
            reasons = candidate.reasons
        }
    }

    struct Score: Encodable, Sendable {
        var churnProbability: Double
        var churnRiskLevel: String
        var modelVersion: String
        var scoredAt: String
        @EncodesNull var asOf: String?

        enum CodingKeys: String, CodingKey {
            case churnProbability = "churn_probability", churnRiskLevel = "churn_risk_level", modelVersion = "model_version"
            case scoredAt = "scored_at", asOf = "as_of"
        }
    }

    var customerID: String
    var churnProbability: Double
    var churnRiskLevel: String
    var actionCode: String
    var recommendedAction: String
    var topChurnFeature: String
    var modelVersion: String
    var scoredAt: String
    var asOf: String?
    var reasons: [ServedPrediction.Reason]?
    var campaign: Campaign?
    var history: [Score] = []

    enum CodingKeys: String, CodingKey {
        case reasons, campaign, history
        case customerID = "customer_id", churnProbability = "churn_probability", churnRiskLevel = "churn_risk_level"
        case actionCode = "action_code", recommendedAction = "recommended_action", topChurnFeature = "top_churn_feature"
        case modelVersion = "model_version", scoredAt = "scored_at", asOf = "as_of"
    }

    /// From the predictions log.
    init(_ latest: PredictionRecord) {
        customerID = latest.customerID
        churnProbability = latest.churnProbability
        churnRiskLevel = latest.churnRiskLevel
        actionCode = "ACTION-\(latest.churnRiskLevel)"
        recommendedAction = Self.recommendation(latest.churnRiskLevel)
        topChurnFeature = latest.topChurnFeature ?? ""
        modelVersion = latest.modelVersion
        scoredAt = UTCTimestamp.string(latest.predictionTimestamp)
        asOf = latest.asOf
        // Written by `ReasonsJSON`; a row another tool wrote without them simply has none.
        reasons = latest.reasonsJSON.flatMap { try? JSONDecoder().decode([ServedPrediction.Reason].self, from: Data($0.utf8)) }
    }

    /// Scored now.
    init(_ served: ServedPrediction, asOf: String) {
        customerID = served.customerID
        churnProbability = served.churnProbability
        churnRiskLevel = served.churnRiskLevel
        actionCode = served.actionCode
        recommendedAction = Self.recommendation(served.churnRiskLevel)
        topChurnFeature = served.topChurnFeature
        modelVersion = served.modelVersion
        scoredAt = served.scoredAt
        self.asOf = asOf
        reasons = served.reasons
    }

    /// What a retention team should do at each tier (the default program's playbook).
    static func recommendation(_ level: String) -> String {
        switch level {
        case "CRITICAL": return "personal call from the account owner within 24 hours, premium retention offer"
        case "HIGH": return "contact within a week with a standard retention offer"
        case "MEDIUM": return "engagement campaign (in-app, email)"
        default: return "no action; keep monitoring"
        }
    }
}
