import ChurnDecisions
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /api/v1/analytics/dashboard` (analyst): what campaigns achieved, from recorded outcomes —
/// retention by tier and offer, revenue saved, cost, ROI, cost per retained customer and lift over
/// the holdout — for every campaign together (`?campaign_id=` for one), with a line per campaign.
struct AnalyticsRoutes: Sendable {
    let store: ChurnStore

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("analytics/dashboard") { request, _ in
            let campaignID = request.uri.queryParameters["campaign_id"].map(String.init)
            if let campaignID, try await store.campaigns.campaign(id: campaignID) == nil { throw CampaignRoutes.notFound(campaignID) }
            let joined = try await store.outcomes.outcomes(campaignID: campaignID)
            var byCampaign: [String: [CandidateOutcome]] = [:]
            for pair in joined { byCampaign[pair.candidate.campaignID, default: []].append(pair) }
            let campaigns = try await store.campaigns.list(limit: 100)
                .filter { campaignID == nil || $0.campaignID == campaignID }
            let body: [String: Any] = [
                "overall": Self.reportBody(CampaignAnalytics.report(joined), outcomes: joined.count),
                "campaigns": campaigns.map { campaign in
                    let pairs = byCampaign[campaign.campaignID] ?? []
                    return [
                        "campaign_id": campaign.campaignID, "program_id": campaign.programID, "as_of": campaign.asOf,
                        "candidates": campaign.candidates, "holdout": campaign.holdout,
                        "results": Self.reportBody(CampaignAnalytics.report(pairs), outcomes: pairs.count),
                    ] as [String: Any]
                },
            ]
            return try ModelRoutes.json(body)
        }
    }

    static func reportBody(_ report: CampaignReport, outcomes: Int) -> [String: Any] {
        func rate(_ rate: CampaignReport.Rate) -> [String: Any] {
            ["customers": rate.customers, "retained": rate.retained, "retention_rate": rate.rate]
        }
        var body: [String: Any] = [
            "outcomes": outcomes,
            "treated": rate(report.treated),
            "control": rate(report.control),
            "retention_by_risk_level": report.retentionByTier.mapValues(rate),
            "retention_by_offer": report.retentionByOffer.mapValues(rate),
            "campaign_cost": report.campaignCost,
            "revenue_saved": report.revenueSaved,
            "roi": report.returnOnInvestment ?? NSNull(),
            "cost_per_retained_customer": report.costPerRetainedCustomer ?? NSNull(),
        ]
        if let lift = report.lift, lift.lift.isFinite {
            body["lift_over_holdout"] = ["lift": lift.lift, "lower": lift.lower, "upper": lift.upper, "confidence": lift.confidence]
        } else {
            body["lift_over_holdout"] = NSNull()
        }
        return body
    }
}
