import ChurnModel

/// The share of customers in each risk tier now against the reference scores' tier mix: a check
/// a retention team reads directly ("HIGH went from 8 % to 15 %"). Judged like a categorical
/// feature (chi-square on a small reference, Jensen–Shannon on a large one).
public struct TierMixDrift: Sendable, Codable, Equatable {
    public var levels: [String]
    public var referenceShares: [Double]
    public var currentShares: [Double]
    public var drift: FeatureDrift

    /// nil when the reference has no score sample (bundles written before samples existed).
    public init?(referenceScores: ReferenceDistribution?, currentScores: [Double], thresholds: TierThresholds,
                 configuration: DriftConfiguration = DriftConfiguration()) {
        guard let referenceScores, let sample = referenceScores.sample, !sample.isEmpty else { return nil }
        let levels = RiskLevel.allCases.filter { $0 != .critical || thresholds.critical != nil }
        func shares(_ scores: [Double]) -> [String: Double] {
            var counts: [String: Int] = [:]
            for score in scores { counts[thresholds.level(for: score).rawValue, default: 0] += 1 }
            return counts.mapValues { Double($0) / Double(max(scores.count, 1)) }
        }
        let referenceMix = shares(sample)
        let reference = ReferenceDistribution(
            feature: "risk_tier", binEdges: [], shares: levels.map { referenceMix[$0.rawValue] ?? 0 },
            categories: levels.map(\.rawValue), missingShare: 0, count: referenceScores.count)
        let current = currentScores.map { Optional(thresholds.level(for: $0).rawValue) }
        self.levels = levels.map(\.rawValue)
        referenceShares = reference.shares
        let currentMix = shares(currentScores)
        currentShares = levels.map { currentMix[$0.rawValue] ?? 0 }
        drift = FeatureDriftDetector(configuration: configuration).measure(reference: reference, kind: "tier", current: .categories(current))
    }

    enum CodingKeys: String, CodingKey {
        case levels, drift
        case referenceShares = "reference_shares"
        case currentShares = "current_shares"
    }
}
