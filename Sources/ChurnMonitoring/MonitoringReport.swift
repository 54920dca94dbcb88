import ChurnModel

/// Everything one monitoring run found for one scoring day and model: feature drift, score and
/// tier drift, the performance expected from the probabilities (CBPE) and, once the horizon has
/// passed, the realized performance. The CLI prints it, `--json` and the store keep it as JSON.
public struct MonitoringReport: Sendable, Codable, Equatable {
    public var asOf: String
    public var modelVersion: String
    public var rows: Int
    public var drift: DatasetDriftReport
    public var score: FeatureDrift?
    public var tiers: TierMixDrift?
    public var expected: ExpectedPerformance
    public var realized: RealizedPerformance?
    /// Churn seen so far against what the scores expect: set once `outcomeDriftMinimumDays` of
    /// outcomes are loaded, also before the horizon has passed.
    public var outcomes: OutcomeDrift?
    /// Customers and revenue per tier; nil where the run could not read them.
    public var risk: RiskSummary?
    /// The bundle's calibrated test ROC-AUC: what the estimated and realized figures are held to.
    public var referenceROCAUC: Double?
    /// What the run could not do, and why (an old bundle, labels not yet known).
    public var notes: [String]

    public init(
        asOf: String, modelVersion: String, rows: Int, drift: DatasetDriftReport, score: FeatureDrift?, tiers: TierMixDrift?,
        expected: ExpectedPerformance, realized: RealizedPerformance?, outcomes: OutcomeDrift? = nil, risk: RiskSummary? = nil,
        referenceROCAUC: Double? = nil, notes: [String]
    ) {
        self.asOf = asOf
        self.modelVersion = modelVersion
        self.rows = rows
        self.drift = drift
        self.score = score
        self.tiers = tiers
        self.expected = expected
        self.realized = realized
        self.outcomes = outcomes
        self.risk = risk
        self.referenceROCAUC = referenceROCAUC
        self.notes = notes
    }

    /// `alert` for dataset drift, score drift or concept drift; `warn` when any single feature or
    /// the tier mix moved (or a PSI band or missing share did); `ok` otherwise. `--fail-on` keys on it.
    public var status: DriftStatus {
        if drift.datasetDrift || score?.drifted == true || conceptDrift { return .alert }
        let checks = drift.features + [score, tiers?.drift].compactMap { $0 }
        return checks.map(\.status).max() ?? .ok > .ok ? .warn : .ok
    }

    /// The relation between inputs and churn changed: realized ROC-AUC fell, or the churn seen so far
    /// is far from what the scores expect.
    public var conceptDrift: Bool { realized?.conceptDrift == true || outcomes?.drifted == true }

    /// The JSON is flat at the top (`dataset_drift`, `drift_share`, `features`, …) so that scripts
    /// read the verdict without knowing the nesting.
    enum CodingKeys: String, CodingKey {
        case rows, score, tiers, expected, realized, outcomes, notes, status, features, threshold, risk
        case asOf = "as_of"
        case referenceROCAUC = "reference_roc_auc"
        case modelVersion = "model_version"
        case datasetDrift = "dataset_drift"
        case driftShare = "drift_share"
        case driftedFeatures = "drifted_features"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(modelVersion, forKey: .modelVersion)
        try container.encode(status, forKey: .status)
        try container.encode(rows, forKey: .rows)
        try container.encode(drift.datasetDrift, forKey: .datasetDrift)
        try container.encode(drift.driftShare, forKey: .driftShare)
        try container.encode(drift.driftedFeatures, forKey: .driftedFeatures)
        try container.encode(drift.threshold, forKey: .threshold)
        try container.encode(drift.features, forKey: .features)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(tiers, forKey: .tiers)
        try container.encode(expected, forKey: .expected)
        try container.encodeIfPresent(realized, forKey: .realized)
        try container.encodeIfPresent(outcomes, forKey: .outcomes)
        try container.encodeIfPresent(referenceROCAUC, forKey: .referenceROCAUC)
        try container.encodeIfPresent(risk, forKey: .risk)
        try container.encode(notes, forKey: .notes)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        asOf = try container.decode(String.self, forKey: .asOf)
        modelVersion = try container.decode(String.self, forKey: .modelVersion)
        rows = try container.decode(Int.self, forKey: .rows)
        drift = DatasetDriftReport(
            features: try container.decode([FeatureDrift].self, forKey: .features),
            threshold: try container.decode(Double.self, forKey: .threshold))
        score = try container.decodeIfPresent(FeatureDrift.self, forKey: .score)
        tiers = try container.decodeIfPresent(TierMixDrift.self, forKey: .tiers)
        expected = try container.decode(ExpectedPerformance.self, forKey: .expected)
        realized = try container.decodeIfPresent(RealizedPerformance.self, forKey: .realized)
        outcomes = try container.decodeIfPresent(OutcomeDrift.self, forKey: .outcomes)
        referenceROCAUC = try container.decodeIfPresent(Double.self, forKey: .referenceROCAUC)
        risk = try container.decodeIfPresent(RiskSummary.self, forKey: .risk)
        notes = try container.decode([String].self, forKey: .notes)
    }
}
