import ChurnModel

/// One retention offer a program can make: who it is for (the lowest risk tier that may receive
/// it), what it gives, and what the program believes about its effect before any outcome is seen.
///
/// A customer may receive any offer whose `riskLevel` is at or below the customer's own tier,
/// so that expensive offers stay reserved for the riskiest customers while the bandit can still
/// compare cheaper ones for them.
public struct OfferSpec: Sendable, Equatable, Hashable {
    /// Unique within a program; defaults to `offerType` in YAML.
    public var id: String
    public var riskLevel: RiskLevel
    /// Free-form kind (`premium`, `standard`, `engagement`, …); picks defaults for the prior.
    public var offerType: String
    /// Percentage off the monthly price, 0…100.
    public var discount: Double
    public var durationMonths: Int
    public var includeUpgrade: Bool
    public var includePersonalCall: Bool
    /// A channel this offer must go through; `nil` lets the planner choose.
    public var channel: String?
    /// Prior belief of the probability that an at-risk customer who receives this offer stays
    /// (the retention lift), used until outcomes arrive.
    public var priorLift: Double
    /// How many outcomes the prior is worth (Beta(α = lift × weight, β = (1 − lift) × weight)).
    public var priorWeight: Double

    public init(
        id: String? = nil, riskLevel: RiskLevel, offerType: String, discount: Double,
        durationMonths: Int, includeUpgrade: Bool = false, includePersonalCall: Bool = false,
        channel: String? = nil, priorLift: Double? = nil, priorWeight: Double = 10
    ) {
        self.id = id ?? offerType
        self.riskLevel = riskLevel
        self.offerType = offerType
        self.discount = discount
        self.durationMonths = durationMonths
        self.includeUpgrade = includeUpgrade
        self.includePersonalCall = includePersonalCall
        self.channel = channel
        self.priorLift = priorLift ?? OfferSpec.defaultPriorLift(offerType: offerType)
        self.priorWeight = priorWeight
    }

    /// Cold-start beliefs by kind of offer: richer offers are assumed to save more customers.
    public static func defaultPriorLift(offerType: String) -> Double {
        switch offerType {
        case "premium": return 0.35
        case "standard": return 0.25
        case "engagement": return 0.15
        default: return 0.20
        }
    }
}
