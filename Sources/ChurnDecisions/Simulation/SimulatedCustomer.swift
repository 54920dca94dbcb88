/// One customer of a simulated population: what the engine sees (`input`, with the model's
/// noisy probability) and the truth it is judged against.
public struct SimulatedCustomer: Sendable, Equatable {
    public var input: CustomerDecisionInput
    public var archetype: String
    /// The real 90-day churn probability (the model's `input.churnProbability` is an estimate).
    public var trueChurnProbability: Double
    /// Whether the customer churns if nothing is done (drawn once from the true probability).
    public var wouldChurn: Bool
    /// True lift by offer type.
    public var liftByOfferType: [String: Double]
    public var defaultLift: Double

    public func trueLift(offerType: String) -> Double { liftByOfferType[offerType] ?? defaultLift }
}
