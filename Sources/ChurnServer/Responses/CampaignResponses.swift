import ChurnData
import ChurnServices
import ChurnStore

/// A campaign in `GET|POST /api/v1/campaigns[/{id}]`.
struct CampaignBody: Encodable, Sendable {
    var campaignID: String
    var programID: String
    var asOf: String
    var createdAt: String
    var expiresAt: String
    var createdBy: String
    var candidates: Int
    var holdout: Int
    /// The plan's funnel, segments and counts, as stored with the campaign.
    var summary: CampaignSummary?
    /// How long planning took (`POST` only).
    var durationSeconds: Double?
    /// What the campaign achieved so far (`GET /api/v1/campaigns/{id}` only).
    var results: CampaignResults?

    enum CodingKeys: String, CodingKey {
        case candidates, holdout, summary, results
        case campaignID = "campaign_id", programID = "program_id", asOf = "as_of", createdAt = "created_at"
        case expiresAt = "expires_at", createdBy = "created_by", durationSeconds = "duration_seconds"
    }

    init(_ campaign: CampaignRecord) {
        campaignID = campaign.campaignID
        programID = campaign.programID
        asOf = campaign.asOf
        createdAt = UTCTimestamp.string(campaign.createdAt)
        expiresAt = UTCTimestamp.string(campaign.expiresAt)
        createdBy = campaign.createdBy
        candidates = campaign.candidates
        holdout = campaign.holdout
        // A summary an older version wrote in another shape is left out rather than failing the request.
        summary = try? CampaignSummary.decode(campaign.summaryJSON)
    }
}

struct CampaignList: Encodable, Sendable {
    var campaigns: [CampaignBody]
    var page: Int
    var pageSize: Int

    enum CodingKeys: String, CodingKey {
        case campaigns, page, pageSize = "page_size"
    }
}

/// One candidate in `GET /api/v1/campaigns/{id}/candidates`.
struct CandidateBody: Encodable, Sendable {
    var customerID: String
    var riskLevel: String
    var churnProbability: Double
    var segment: String
    var offerID: String
    var offerType: String
    var channel: String
    var route: String
    var lifetimeValue: Double
    var expectedValue: Double
    var cost: Double
    var priority: Double
    var holdout: Bool
    var expiresAt: String
    var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case segment, channel, route, cost, priority, holdout, reasons
        case customerID = "customer_id", riskLevel = "risk_level", churnProbability = "churn_probability"
        case offerID = "offer_id", offerType = "offer_type", lifetimeValue = "lifetime_value"
        case expectedValue = "expected_value", expiresAt = "expires_at"
    }

    init(_ c: CandidateRecord) {
        customerID = c.customerID
        riskLevel = c.riskLevel
        churnProbability = c.churnProbability
        segment = c.segment
        offerID = c.offerID
        offerType = c.offerType
        channel = c.channel
        route = c.route
        lifetimeValue = c.lifetimeValue
        expectedValue = c.expectedValue
        cost = c.cost
        priority = c.priority
        holdout = c.isHoldout
        expiresAt = UTCTimestamp.string(c.expiresAt)
        reasons = c.reasons
    }
}

struct CandidatePage: Encodable, Sendable {
    var campaignID: String
    var page: Int
    var pageSize: Int
    var total: Int
    var candidates: [CandidateBody]
    /// The next page's URL; absent on the last page.
    var next: String?

    enum CodingKeys: String, CodingKey {
        case page, total, candidates, next
        case campaignID = "campaign_id", pageSize = "page_size"
    }
}
