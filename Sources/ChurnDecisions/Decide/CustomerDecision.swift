import ChurnModel

/// The engine's verdict on one customer who passed the filter chain.
public struct CustomerDecision: Sendable, Equatable {
    public var riskLevel: RiskLevel
    public var segment: String
    /// CLV of the customer once saved (`CustomerValueModel.valueIfRetained`).
    public var lifetimeValue: Double
    /// The chosen offer; `nil` when no offer has positive expected value.
    public var chosen: OfferEvaluation?
    /// Every offer the customer's tier allows, best expected value first.
    public var evaluations: [OfferEvaluation]
    /// Route of a targeted customer, or `.monitor` / `nil` for an untargeted one.
    public var route: Route?

    public var isTargeted: Bool { chosen != nil }
}
