import Foundation

/// The output of planning one campaign: the action plan, the control group, the watch list and
/// the funnel that explains their sizes.
public struct CampaignPlan: Sendable, Equatable, Codable {
    public var campaignID: String
    public var programID: String
    public var asOf: Date
    /// When the candidates stop being valid (`asOf` + the program's `candidateTTLDays`).
    public var expiresAt: Date
    /// Customers to contact, highest priority first.
    public var candidates: [CampaignCandidate]
    /// Customers decided like the candidates but held out as the control group (no offer).
    public var holdout: [CampaignCandidate]
    /// Untargeted customers in the monitor band: no action, watch their scores.
    public var monitored: [String]
    /// Scored → risk tier → each filter → expected value → holdout.
    public var funnel: FilterFunnel
    /// Segments used for offer learning, with their sizes among the scored customers.
    public var segments: [SegmentProfile]

    public init(
        campaignID: String, programID: String, asOf: Date, expiresAt: Date, candidates: [CampaignCandidate],
        holdout: [CampaignCandidate], monitored: [String], funnel: FilterFunnel, segments: [SegmentProfile]
    ) {
        self.campaignID = campaignID
        self.programID = programID
        self.asOf = asOf
        self.expiresAt = expiresAt
        self.candidates = candidates
        self.holdout = holdout
        self.monitored = monitored
        self.funnel = funnel
        self.segments = segments
    }

    /// Sum of the candidates' expected values (the holdout's is not spent).
    public var expectedNetValue: Double { candidates.reduce(0) { $0 + $1.expectedValue } }

    /// Sum of the candidates' offer costs.
    public var expectedCost: Double { candidates.reduce(0) { $0 + $1.cost } }
}
