import ChurnDecisions
import Foundation

/// What a campaign plan amounted to, stored with the campaign and returned by the API: the funnel,
/// the segments, counts by tier, offer and route, and the expected value and cost.
public struct CampaignSummary: Sendable, Equatable, Codable {
    /// Customers with a served score for the snapshot date.
    public var scored: Int
    /// Scored customers without an online feature row for that date.
    public var withoutFeatures: Int
    /// Customers with features but no revenue feature to value them by.
    public var withoutRevenue: Int
    public var modelVersions: [String]
    public var funnel: FilterFunnel
    public var segments: [SegmentProfile]
    public var byRiskLevel: [String: Int]
    public var byOffer: [String: Int]
    public var byRoute: [String: Int]
    public var monitored: Int
    public var expectedNetValue: Double
    public var expectedCost: Double

    enum CodingKeys: String, CodingKey {
        case scored, funnel, segments, monitored
        case withoutFeatures = "without_features"
        case withoutRevenue = "without_revenue"
        case modelVersions = "model_versions"
        case byRiskLevel = "by_risk_level"
        case byOffer = "by_offer"
        case byRoute = "by_route"
        case expectedNetValue = "expected_net_value"
        case expectedCost = "expected_cost"
    }

    init(plan: CampaignPlan, scored: Int, withoutFeatures: Int, withoutRevenue: Int, modelVersions: [String]) {
        self.scored = scored
        self.withoutFeatures = withoutFeatures
        self.withoutRevenue = withoutRevenue
        self.modelVersions = modelVersions
        funnel = plan.funnel
        segments = plan.segments
        var tiers: [String: Int] = [:]
        var offers: [String: Int] = [:]
        var routes: [String: Int] = [:]
        for candidate in plan.candidates {
            tiers[candidate.riskLevel.rawValue, default: 0] += 1
            offers[candidate.offerID, default: 0] += 1
            routes[candidate.route.rawValue, default: 0] += 1
        }
        byRiskLevel = tiers
        byOffer = offers
        byRoute = routes
        monitored = plan.monitored.count
        expectedNetValue = plan.expectedNetValue
        expectedCost = plan.expectedCost
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> CampaignSummary {
        try JSONDecoder().decode(CampaignSummary.self, from: Data(text.utf8))
    }
}
