/// The economics of one offer for one customer:
/// `EV = p(churn) × CLV × lift(offer, segment) − cost(offer)`.
public struct OfferEvaluation: Sendable, Equatable {
    public var offer: OfferSpec
    public var channel: String
    /// Posterior mean retention lift of the offer in the customer's segment.
    public var lift: Double
    public var cost: Double
    /// Expected value with the posterior mean lift; also the candidate's priority.
    public var expectedValue: Double
    /// Expected value with the lift drawn by Thompson sampling (what chose the offer).
    public var sampledValue: Double

    public init(offer: OfferSpec, channel: String, lift: Double, cost: Double, expectedValue: Double, sampledValue: Double) {
        self.offer = offer
        self.channel = channel
        self.lift = lift
        self.cost = cost
        self.expectedValue = expectedValue
        self.sampledValue = sampledValue
    }
}
