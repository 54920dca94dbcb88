import ChurnModel

/// A retention program: the configuration that turns risk scores into a campaign.
///
/// Read from YAML with `RetentionProgram(yaml:)` (camelCase keys, see the example and
/// `docs/`), or use `RetentionProgram.default`, which ships with the product. The planner
/// (`CampaignPlanner`) takes a program and scored customers and returns the action plan.
public struct RetentionProgram: Sendable, Equatable {
    public var programID: String
    /// Risk tier cut-offs; CRITICAL exists only where the program sets it.
    public var tiers: TierThresholds
    public var filterChain: [FilterSpec]
    public var offers: [OfferSpec]
    /// Channels the program may use, in order of preference.
    public var channels: [String]
    /// Cron expression of the scheduled run (five fields), e.g. `0 2 * * MON`.
    public var schedule: String?
    /// How long a stored candidate stays valid.
    public var candidateTTLDays: Int
    /// Share of each campaign's targeted customers that receives no offer (the control group).
    public var holdoutShare: Double
    /// Subscription tiers from lowest to highest, for `minSubscriptionTier`.
    public var subscriptionTiers: [String]
    public var economics: ProgramEconomics
    public var routing: RoutingThresholds
    public var segmentation: SegmentationSettings

    public init(
        programID: String, tiers: TierThresholds = .default, filterChain: [FilterSpec],
        offers: [OfferSpec], channels: [String], schedule: String? = nil,
        candidateTTLDays: Int = 30, holdoutShare: Double = 0.1,
        subscriptionTiers: [String] = RetentionProgram.defaultSubscriptionTiers,
        economics: ProgramEconomics = .default, routing: RoutingThresholds = .default,
        segmentation: SegmentationSettings = .default
    ) {
        self.programID = programID
        self.tiers = tiers
        self.filterChain = filterChain
        self.offers = offers
        self.channels = channels
        self.schedule = schedule
        self.candidateTTLDays = candidateTTLDays
        self.holdoutShare = holdoutShare
        self.subscriptionTiers = subscriptionTiers
        self.economics = economics
        self.routing = routing
        self.segmentation = segmentation
    }

    public static let defaultSubscriptionTiers = ["free", "basic", "standard", "premium", "enterprise"]

    /// The offers a customer of `level` may receive: those meant for that tier or a lower one.
    public func offers(for level: RiskLevel) -> [OfferSpec] {
        offers.filter { $0.riskLevel <= level }
    }

    /// Rank of a subscription tier in `subscriptionTiers`; `nil` when unknown.
    public func subscriptionRank(_ tier: String) -> Int? {
        subscriptionTiers.firstIndex(of: tier)
    }
}
