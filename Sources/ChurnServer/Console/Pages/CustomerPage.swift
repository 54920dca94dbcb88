import ChurnModel
import ChurnDelivery
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /console/customer?id=…` (by query: a customer id may hold a `/`): the customer's score history, the latest score's reasons as a
/// SHAP waterfall, the stored features, and every campaign decision with its offer, outcome and
/// the delivery status of its action from the outbox.
struct CustomerPage: Sendable {
    let store: ChurnStore
    let models: ServingModels

    struct Current {
        let probability: String
        let tier: String
        let model: String
        let asOf: String?
    }

    struct Reason {
        let feature: String
        let value: String
        let contribution: String
    }

    struct Score {
        let at: String
        let asOf: String
        let probability: String
        let tier: String
        let model: String
        let servedBy: String
    }

    struct Feature {
        let name: String
        let value: String
        /// Where the value sits among the production model's training customers.
        let population: String
        let percentile: String?
    }

    struct Decision {
        let campaignID: String
        let campaignHref: String
        let asOf: String
        let route: String
        let offer: String
        let channel: String
        let expectedValue: String
        let outcome: String
        let delivery: String
    }

    struct Model {
        let customerID: String
        let current: Current?
        let waterfall: String
        let hasWaterfall: Bool
        let reasons: [Reason]
        let hasReasons: Bool
        let historyChart: String
        let history: [Score]
        let features: [Feature]
        let hasFeatures: Bool
        let featuresAsOf: String
        let decisions: [Decision]
        let hasDecisions: Bool
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("customer") { request, context in
            let id = request.uri.queryParameters["id"].map(String.init) ?? ""
            guard !id.isEmpty, id.utf8.count <= 128 else {
                return ConsoleErrorPage.response(.unprocessableContent, heading: "Bad customer id", message: "id: a customer id is 1 to 128 bytes", context: context)
            }
            context.annotations.customerIDs = [id]
            let history = try await store.predictionsLog.history(customerID: id, limit: 50).filter { $0.servedBy != .shadow }
            let stored = try await store.onlineFeatures.features(customerID: id)
            let candidacies = try await store.campaigns.candidacies(customerID: id)
            guard !history.isEmpty || stored != nil || !candidacies.isEmpty else {
                return ConsoleErrorPage.response(.notFound, heading: "Unknown customer", message: "No score, features or campaign decision for customer \(id).", context: context)
            }
            var decisions: [Decision] = []
            for candidate in candidacies {
                let outcome = try await store.outcomes.outcome(campaignID: candidate.campaignID, customerID: id)
                let key = CampaignDeliveryMessages.actionKey(campaignID: candidate.campaignID, customerID: id, action: candidate.offerID)
                let messages = candidate.isHoldout ? [] : try await store.outbox.messages(idempotencyKey: key)
                decisions.append(Decision(
                    campaignID: candidate.campaignID, campaignHref: "/console/campaigns/" + ConsoleFormat.component(candidate.campaignID),
                    asOf: candidate.asOf, route: candidate.isHoldout ? "holdout (no offer)" : candidate.route,
                    offer: candidate.isHoldout ? "—" : candidate.offerID, channel: candidate.isHoldout ? "—" : candidate.channel,
                    expectedValue: ConsoleFormat.decimal(candidate.expectedValue, digits: 2),
                    outcome: outcome.map { $0.retained ? "retained" : "churned" } ?? "not recorded",
                    delivery: messages.isEmpty ? (candidate.isHoldout ? "—" : "not queued")
                        : messages.map { "\($0.destination): \($0.state.rawValue)\($0.lastStatus.map { " (HTTP \($0))" } ?? "")" }.joined(separator: "; ")))
            }
            let latest = history.first
            let reasons = latest?.reasonsJSON.map(Self.reasons) ?? []
            var waterfall = ""
            if let latest, !reasons.isEmpty {
                var steps = reasons.map { ($0.feature, $0.contribution) }
                if let raw = latest.rawProbability, raw > 0, raw < 1 {
                    // The log keeps the largest contributions; the rest of the score (the model's
                    // base value and the smaller contributions) is the remainder up to its log-odds.
                    let logOdds = log(raw / (1 - raw))
                    steps.insert(("base value and other features", logOdds - steps.reduce(0) { $0 + $1.1 }), at: 0)
                }
                waterfall = SVGChart.waterfall("Reasons of the latest score (log-odds)", steps: steps.map { (label: $0.0, value: $0.1) })
            }
            let chronological = history.reversed()
            let historyChart = history.count < 2 ? "" : SVGChart.lines(
                "Churn probability (x1000) over time", xLabels: chronological.map { $0.asOf ?? ConsoleFormat.time($0.predictionTimestamp) },
                series: [("probability ×1000", "#b2182b", chronological.map { $0.churnProbability * 1000 })])
            let production = models.snapshot.production.bundle.manifest
            let features = stored.map { Self.features($0.featuresJSON, schema: production.featureSchema, references: production.referenceDistributions) } ?? []
            let model = Model(
                customerID: id,
                current: latest.map { Current(probability: ConsoleFormat.probability($0.churnProbability), tier: $0.churnRiskLevel, model: $0.modelVersion, asOf: $0.asOf) },
                waterfall: waterfall, hasWaterfall: !waterfall.isEmpty,
                reasons: reasons.map { Reason(feature: $0.feature, value: $0.value, contribution: String(format: "%+.4f", $0.contribution)) },
                hasReasons: !reasons.isEmpty, historyChart: historyChart,
                history: history.map { Score(at: ConsoleFormat.time($0.predictionTimestamp), asOf: $0.asOf ?? "online", probability: ConsoleFormat.probability($0.churnProbability),
                                             tier: $0.churnRiskLevel, model: $0.modelVersion, servedBy: $0.servedBy.rawValue) },
                features: features, hasFeatures: !features.isEmpty, featuresAsOf: stored?.asOf ?? "",
                decisions: decisions, hasDecisions: !decisions.isEmpty)
            return ConsoleResponse.html(ConsoleRenderer.page("customer", title: "Customer \(id)", model: model, context: context, current: "/console/at-risk"))
        }
    }

    /// The logged reasons: `[{"contribution": …, "feature": …, "value": …}]`.
    static func reasons(_ json: String) -> [(feature: String, value: String, contribution: Double)] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else { return [] }
        return array.compactMap { item in
            guard let feature = item["feature"] as? String, let contribution = (item["contribution"] as? NSNumber)?.doubleValue else { return nil }
            return (feature, (item["value"] as? String) ?? "\(item["value"] ?? "")", contribution)
        }
    }

    /// A flat feature object as name/value pairs, by name, each placed among the training customers.
    static func features(_ json: String, schema: FeatureSchema?, references: [ReferenceDistribution]) -> [Feature] {
        let byName = Dictionary(references.map { ($0.feature, $0) }, uniquingKeysWith: { first, _ in first })
        return FlatFeatureJSON.valuesByName(json, schema: schema).map { name, value in
            let placement = FeaturePopulation.place(value, in: byName[name])
            return Feature(name: name, value: Self.text(value), population: placement.text, percentile: placement.percentile.map { String(Int($0.rounded())) })
        }
    }

    /// A value as the page shows it: whole numbers without a fraction, booleans as words.
    static func text(_ value: FeatureValue) -> String {
        switch value {
        case .boolean(let flag): flag ? "true" : "false"
        case .number(let number): FeatureValue.format(number)
        case .category(let text): text
        case .missing: "missing"
        }
    }
}
