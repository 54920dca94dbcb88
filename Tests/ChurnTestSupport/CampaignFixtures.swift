import ChurnStore
import Foundation

/// A store seeded like a scored day: online features in the generated data's names and one served
/// score per customer, spread over every tier, with behavioural signals on most risky customers.
public enum CampaignFixtures {
    /// Customer `i`'s churn probability: every 100 customers cover 0.00…0.99.
    public static func probability(_ i: Int) -> Double { Double((i * 37) % 100) / 100 }

    public static func seed(_ store: ChurnStore, customers: Int, asOf: String = "2025-10-01", model: String = "v1") async throws {
        var features: [StoredFeatures] = []
        var scores: [PredictionRecord] = []
        for i in 0..<customers {
            let id = String(format: "cust-%05d", i)
            let p = probability(i)
            let declining = p >= 0.4 && i % 5 != 0
            let plans = ["basic", "standard", "premium", "enterprise"]
            let json = """
                {"mrr":\(50 + (i % 20) * 25),"tenure_days":\(200 + (i % 30) * 40),"plan":"\(plans[i % 4])",\
                "active_days_ratio_30_vs_60":\(declining ? 0.4 : 1.1),"logins_30d":\(declining ? 2 : 20),"logins_90d":\(declining ? 30 : 60),\
                "days_since_last_payment":\(declining ? 75 : 10),"payments_paid_90d":\(declining ? 1 : 3)}
                """
            features.append(StoredFeatures(customerID: id, asOf: asOf, featuresJSON: json))
            scores.append(PredictionRecord(
                customerID: id, predictionTimestamp: Date(), asOf: asOf, churnProbability: p,
                churnRiskLevel: p >= 0.7 ? "HIGH" : p >= 0.4 ? "MEDIUM" : "LOW", modelVersion: model, servedBy: .production,
                traceID: nil, rawProbability: p, topChurnFeature: "mrr", reasonsJSON: nil, inferenceFeaturesJSON: json))
        }
        _ = try await store.onlineFeatures.upsert(features)
        _ = try await store.predictionsLog.insert(scores)
    }
}
