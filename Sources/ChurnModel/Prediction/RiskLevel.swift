/// The risk tier of a calibrated churn probability, as the prediction contract names it.
public enum RiskLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case low = "LOW"
    case medium = "MEDIUM"
    case high = "HIGH"
    case critical = "CRITICAL"

    /// The action code a downstream tool keys on (`ACTION-LOW` … `ACTION-CRITICAL`).
    public var actionCode: String { "ACTION-\(rawValue)" }

    private var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        case .critical: return 3
        }
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Probability cut-offs for the risk tiers: HIGH ≥ 0.70 and MEDIUM ≥ 0.40 by default;
/// CRITICAL only where a program enables it.
public struct TierThresholds: Codable, Sendable, Equatable {
    public var critical: Double?
    public var high: Double
    public var medium: Double

    public static let `default` = TierThresholds(critical: nil, high: 0.70, medium: 0.40)

    public init(critical: Double? = nil, high: Double, medium: Double) {
        self.critical = critical
        self.high = high
        self.medium = medium
    }

    public func level(for probability: Double) -> RiskLevel {
        if let critical, probability >= critical { return .critical }
        if probability >= high { return .high }
        if probability >= medium { return .medium }
        return .low
    }
}
