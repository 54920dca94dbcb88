import ChurnModel

/// One line of a campaign's action plan: whom to contact, with what, how, where the decision
/// goes, and why. Held-out customers appear with `isHoldout` and get no contact.
public struct CampaignCandidate: Sendable, Equatable, Codable {
    public var customerID: String
    public var riskLevel: RiskLevel
    public var churnProbability: Double
    public var segment: String
    public var offerID: String
    public var offerType: String
    public var channel: String
    public var route: Route
    /// CLV of the customer once saved.
    public var lifetimeValue: Double
    public var lift: Double
    public var cost: Double
    /// `p × CLV × lift − cost` at the posterior mean lift.
    public var expectedValue: Double
    /// `CLV × p × lift − cost`: the order in which the plan should be worked.
    public var priority: Double
    public var reasons: [String]
    /// In the control group: decided like the others but receives no offer.
    public var isHoldout: Bool

    public init(
        customerID: String, riskLevel: RiskLevel, churnProbability: Double, segment: String, offerID: String,
        offerType: String, channel: String, route: Route, lifetimeValue: Double, lift: Double, cost: Double,
        expectedValue: Double, priority: Double, reasons: [String], isHoldout: Bool
    ) {
        self.customerID = customerID
        self.riskLevel = riskLevel
        self.churnProbability = churnProbability
        self.segment = segment
        self.offerID = offerID
        self.offerType = offerType
        self.channel = channel
        self.route = route
        self.lifetimeValue = lifetimeValue
        self.lift = lift
        self.cost = cost
        self.expectedValue = expectedValue
        self.priority = priority
        self.reasons = reasons
        self.isHoldout = isHoldout
    }
}
