import ChurnStore
import Foundation
import Hummingbird

/// `GET /api/v1/customers/{id}/risk`: the customer's latest served risk, its recent history from
/// the predictions log, and the recommended action for the tier.
struct CustomerRoutes: Sendable {
    let store: ChurnStore

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("customers/:id/risk") { _, context in
            let id = try context.parameters.require("id")
            try PredictionRequestParser.checkCustomerID(id, index: nil)
            context.annotations.customerIDs = [id]
            guard let latest = try await store.predictionsLog.latest(customerID: id) else {
                throw APIError(.notFound, code: "not_found", detail: "no prediction has been logged for this customer yet", field: "id")
            }
            let history = try await store.predictionsLog.history(customerID: id, limit: 50).filter { $0.servedBy != .shadow }
            var body: [String: Any] = [
                "customer_id": id,
                "churn_probability": latest.churnProbability,
                "churn_risk_level": latest.churnRiskLevel,
                "action_code": "ACTION-\(latest.churnRiskLevel)",
                "recommended_action": Self.recommendation(latest.churnRiskLevel),
                "top_churn_feature": latest.topChurnFeature ?? "",
                "model_version": latest.modelVersion,
                "scored_at": UTCTimestamp.string(latest.predictionTimestamp),
                "history": history.map { record in
                    ["churn_probability": record.churnProbability, "churn_risk_level": record.churnRiskLevel,
                     "model_version": record.modelVersion, "scored_at": UTCTimestamp.string(record.predictionTimestamp),
                     "as_of": record.asOf ?? NSNull()] as [String: Any]
                },
            ]
            if let asOf = latest.asOf { body["as_of"] = asOf }
            if let reasons = latest.reasonsJSON, let parsed = try? JSONSerialization.jsonObject(with: Data(reasons.utf8)) {
                body["reasons"] = parsed
            }
            return try ModelRoutes.json(body)
        }
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
