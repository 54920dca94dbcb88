/// What scoring reports as it goes. The HTTP layer's Prometheus metrics implement it; a batch
/// command that exports no metrics passes ``ScoringMetrics/none``.
public protocol ScoringMetrics: Sendable {
    /// The time to validate, score and explain the customers of one request.
    func recordInference(_ duration: Duration)
    func recordPrediction(riskLevel: String, probability: Double)
    /// Shadow predictions skipped because the shadow queue was full.
    func recordShadowDropped(_ customers: Int)
}

/// Reports nothing.
public struct NoScoringMetrics: ScoringMetrics {
    public init() {}
    public func recordInference(_ duration: Duration) {}
    public func recordPrediction(riskLevel: String, probability: Double) {}
    public func recordShadowDropped(_ customers: Int) {}
}

extension ScoringMetrics where Self == NoScoringMetrics {
    public static var none: NoScoringMetrics { NoScoringMetrics() }
}
