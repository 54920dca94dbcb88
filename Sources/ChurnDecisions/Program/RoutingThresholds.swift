/// Where a decided customer goes: the thresholds of the routing rules (YAML key `routing`).
///
/// Defaults are the issue's: urgent when p > 0.8 and CLV > 2,000; manual review when
/// CLV > 5,000; auto-execute for every other targeted customer; monitor (no action) for
/// untargeted customers with 0.4 ≤ p < 0.6.
public struct RoutingThresholds: Sendable, Equatable {
    public var urgentMinProbability: Double
    public var urgentMinValue: Double
    public var manualReviewMinValue: Double
    public var monitorMinProbability: Double
    public var monitorMaxProbability: Double

    public init(
        urgentMinProbability: Double = 0.8, urgentMinValue: Double = 2_000,
        manualReviewMinValue: Double = 5_000, monitorMinProbability: Double = 0.4,
        monitorMaxProbability: Double = 0.6
    ) {
        self.urgentMinProbability = urgentMinProbability
        self.urgentMinValue = urgentMinValue
        self.manualReviewMinValue = manualReviewMinValue
        self.monitorMinProbability = monitorMinProbability
        self.monitorMaxProbability = monitorMaxProbability
    }

    public static let `default` = RoutingThresholds()
}
