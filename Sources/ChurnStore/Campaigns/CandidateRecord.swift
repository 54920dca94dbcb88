import Foundation

/// One customer of a campaign as stored: the decision (tier, offer, channel, route, value) and why.
/// Holdout customers are stored too, flagged, so that lift can be measured against them.
public struct CandidateRecord: Sendable, Equatable {
    public var campaignID: String
    public var customerID: String
    public var programID: String
    public var asOf: String
    public var riskLevel: String
    public var churnProbability: Double
    public var segment: String
    public var offerID: String
    public var offerType: String
    public var channel: String
    public var route: String
    public var lifetimeValue: Double
    public var lift: Double
    public var cost: Double
    public var expectedValue: Double
    public var priority: Double
    /// A JSON array of strings.
    public var reasonsJSON: String
    public var isHoldout: Bool
    public var expiresAt: Date

    public init(
        campaignID: String, customerID: String, programID: String, asOf: String, riskLevel: String,
        churnProbability: Double, segment: String, offerID: String, offerType: String, channel: String, route: String,
        lifetimeValue: Double, lift: Double, cost: Double, expectedValue: Double, priority: Double,
        reasonsJSON: String, isHoldout: Bool, expiresAt: Date
    ) {
        self.campaignID = campaignID
        self.customerID = customerID
        self.programID = programID
        self.asOf = asOf
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
        self.reasonsJSON = reasonsJSON
        self.isHoldout = isHoldout
        self.expiresAt = expiresAt
    }
}

/// A customer's earlier offers in one program: the cool-down and frequency cap read it.
public struct OfferHistory: Sendable, Equatable {
    /// The snapshot date of the most recent offer, `YYYY-MM-DD`.
    public var lastOfferDay: String
    public var offers: Int

    public init(lastOfferDay: String, offers: Int) {
        self.lastOfferDay = lastOfferDay
        self.offers = offers
    }
}
