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
            let body = Dashboard(
                overall: CampaignResults(CampaignAnalytics.report(joined), outcomes: joined.count),
                campaigns: campaigns.map { campaign in
                    let pairs = byCampaign[campaign.campaignID] ?? []
                    return Dashboard.CampaignLine(
                        campaignID: campaign.campaignID, programID: campaign.programID, asOf: campaign.asOf,
                        candidates: campaign.candidates, holdout: campaign.holdout,
                        results: CampaignResults(CampaignAnalytics.report(pairs), outcomes: pairs.count))
                })
            return try JSONResponse.make(body)
        }
    }
}
