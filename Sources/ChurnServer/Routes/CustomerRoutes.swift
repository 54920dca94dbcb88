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

            var body: CustomerRisk
            if let latest, latest.modelVersion == serving, Self.isCurrent(latest, stored: stored) {
                body = CustomerRisk(latest)
            } else if let stored {
                let input = ScoringInput(customerID: id, features: StoreFeatureLookup.byName(stored.featuresJSON, schemas: snapshot.schemas))
                let served = try await scorer.score([input], set: snapshot.servingSet, traceID: context.traceID, latencySince: ContinuousClock.now, logger: context.logger)
                body = CustomerRisk(served[0], asOf: stored.asOf)
            } else if let latest {
                body = CustomerRisk(latest)
            } else {
                throw APIError(.notFound, code: "not_found", detail: "no prediction has been logged for this customer yet", field: "id")
            }
            if let candidate = try await store.campaigns.activeCandidate(customerID: id) {
                body.campaign = CustomerRisk.Campaign(candidate)
                // The campaign's decision (value, expected value, offer) replaces the tier's generic playbook.
                body.recommendedAction = candidate.isHoldout
                    ? "control group of campaign \(candidate.campaignID): no retention offer until \(UTCTimestamp.string(candidate.expiresAt))"
                    : "\(candidate.route): offer \(candidate.offerID) via \(candidate.channel) (campaign \(candidate.campaignID))"
            }
            // Scores only: the history never opens the log's sealed inputs and reasons.
            let history = try await store.predictionsLog.scoreHistory(customerID: id, limit: 50)
            body.history = history.map { record in
                CustomerRisk.Score(
                    churnProbability: record.churnProbability, churnRiskLevel: record.churnRiskLevel, modelVersion: record.modelVersion,
                    scoredAt: UTCTimestamp.string(record.predictionTimestamp), asOf: record.asOf)
            }
            return try JSONResponse.make(body)
        }
    }

    /// Whether a logged prediction still reflects the customer's stored features: made for the
    /// stored snapshot date (batch) or after the snapshot was last written (online).
    static func isCurrent(_ record: PredictionRecord, stored: StoredFeatures?) -> Bool {
        guard let stored else { return true }
        if let asOf = record.asOf { return asOf == stored.asOf }
        return record.predictionTimestamp >= stored.updatedAt
    }
}
