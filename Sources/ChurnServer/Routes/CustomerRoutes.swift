import ChurnData
import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /api/v1/customers/{id}/risk`: the customer's current risk by the model that serves them
/// (the canary for its share, else production), its recent history from the predictions log, and
/// the recommended action for the tier.
///
/// The latest logged prediction is answered when the serving model made it and the customer's
/// stored features have not changed since; otherwise the customer is scored now from the online
/// feature store (and logged, with the shadow scored alongside), so a promotion, rollback or canary
/// shows at once. A customer without stored features gets their latest logged prediction, whichever
/// model made it (`model_version` says which), or 404 if there is none.
struct CustomerRoutes: Sendable {
    let store: ChurnStore
    let models: ServingModels
    let scorer: OnlineScorer

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("customers/:id/risk") { _, context in
            let id = try context.parameters.require("id")
            try PredictionRequestParser.checkCustomerID(id, index: nil)
            context.annotations.customerIDs = [id]
            let snapshot = models.snapshot
            let serving = snapshot.servingModel(for: id).predictor.bundle.version
            let latest = try await store.predictionsLog.latest(customerID: id)
            let stored = try await store.onlineFeatures.features(customerID: id)

            var body: [String: Any]
            if let latest, latest.modelVersion == serving, Self.isCurrent(latest, stored: stored) {
                body = Self.body(latest)
            } else if let stored {
                let input = ScoringInput(customerID: id, features: StoreFeatureLookup.byName(stored.featuresJSON, schemas: snapshot.schemas))
                let served = try await scorer.score([input], set: snapshot.servingSet, traceID: context.traceID, latencySince: ContinuousClock.now, logger: context.logger)
                body = Self.body(served[0], asOf: stored.asOf)
            } else if let latest {
                body = Self.body(latest)
            } else {
                throw APIError(.notFound, code: "not_found", detail: "no prediction has been logged for this customer yet", field: "id")
            }
            if let candidate = try await store.campaigns.activeCandidate(customerID: id) {
                body["campaign"] = Self.campaignBody(candidate)
                // The campaign's decision (value, expected value, offer) replaces the tier's generic playbook.
                body["recommended_action"] = candidate.isHoldout
                    ? "control group of campaign \(candidate.campaignID): no retention offer until \(UTCTimestamp.string(candidate.expiresAt))"
                    : "\(candidate.route): offer \(candidate.offerID) via \(candidate.channel) (campaign \(candidate.campaignID))"
            }
            let history = try await store.predictionsLog.history(customerID: id, limit: 50).filter { $0.servedBy != .shadow }
            body["history"] = history.map { record in
                ["churn_probability": record.churnProbability, "churn_risk_level": record.churnRiskLevel,
                 "model_version": record.modelVersion, "scored_at": UTCTimestamp.string(record.predictionTimestamp),
                 "as_of": record.asOf ?? NSNull()] as [String: Any]
            }
            return try ModelRoutes.json(body)
        }
    }

    /// Whether a logged prediction still reflects the customer's stored features: made for the
    /// stored snapshot date (batch) or after the snapshot was last written (online).
    static func isCurrent(_ record: PredictionRecord, stored: StoredFeatures?) -> Bool {
        guard let stored else { return true }
        if let asOf = record.asOf { return asOf == stored.asOf }
        return record.predictionTimestamp >= stored.updatedAt
    }

    static func body(_ latest: PredictionRecord) -> [String: Any] {
        var body: [String: Any] = [
            "customer_id": latest.customerID,
            "churn_probability": latest.churnProbability,
            "churn_risk_level": latest.churnRiskLevel,
            "action_code": "ACTION-\(latest.churnRiskLevel)",
            "recommended_action": recommendation(latest.churnRiskLevel),
            "top_churn_feature": latest.topChurnFeature ?? "",
            "model_version": latest.modelVersion,
            "scored_at": UTCTimestamp.string(latest.predictionTimestamp),
        ]
        if let asOf = latest.asOf { body["as_of"] = asOf }
        if let reasons = latest.reasonsJSON, let parsed = try? JSONSerialization.jsonObject(with: Data(reasons.utf8)) {
            body["reasons"] = parsed
        }
        return body
    }

    static func body(_ served: ServedPrediction, asOf: String) -> [String: Any] {
        [
            "customer_id": served.customerID,
            "churn_probability": served.churnProbability,
            "churn_risk_level": served.churnRiskLevel,
            "action_code": served.actionCode,
            "recommended_action": recommendation(served.churnRiskLevel),
            "top_churn_feature": served.topChurnFeature,
            "model_version": served.modelVersion,
            "scored_at": served.scoredAt,
            "as_of": asOf,
            "reasons": served.reasons.map { ["feature": $0.feature, "value": $0.value, "contribution": $0.contribution] as [String: Any] },
        ]
    }

    static func campaignBody(_ candidate: CandidateRecord) -> [String: Any] {
        [
            "campaign_id": candidate.campaignID, "program_id": candidate.programID, "as_of": candidate.asOf,
            "offer_id": candidate.offerID, "offer_type": candidate.offerType, "channel": candidate.channel,
            "route": candidate.route, "segment": candidate.segment, "lifetime_value": candidate.lifetimeValue,
            "expected_value": candidate.expectedValue, "holdout": candidate.isHoldout,
            "expires_at": UTCTimestamp.string(candidate.expiresAt), "reasons": candidate.reasons,
        ]
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
