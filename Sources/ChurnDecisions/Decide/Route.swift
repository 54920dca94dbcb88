/// Where a decision goes next.
public enum Route: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// High risk and high value: a person acts today (p > 0.8 and CLV > 2,000 by default).
    case urgent
    /// Too valuable to automate (CLV > 5,000 by default): a person approves the offer.
    case manualReview = "manual-review"
    /// Every other targeted customer: the offer goes out automatically.
    case autoExecute = "auto-execute"
    /// Not targeted but in the watch band (0.4 ≤ p < 0.6 by default): no action, watch the score.
    case monitor
}

extension RoutingThresholds {
    /// The route of a targeted customer.
    public func routeTargeted(churnProbability p: Double, lifetimeValue clv: Double) -> Route {
        if p > urgentMinProbability && clv > urgentMinValue { return .urgent }
        if clv > manualReviewMinValue { return .manualReview }
        return .autoExecute
    }

    /// Whether an untargeted customer is watched.
    public func monitors(churnProbability p: Double) -> Bool {
        p >= monitorMinProbability && p < monitorMaxProbability
    }
}
