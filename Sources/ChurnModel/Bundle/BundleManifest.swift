import Foundation

/// Everything about a model except its trees: what it reads, how its scores are calibrated and
/// tiered, what data it was trained on, how well it did, and what its inputs looked like.
///
/// Stored as `manifest.json` beside `model.json` in a ``ModelBundle`` directory.
public struct BundleManifest: Codable, Sendable {
    /// 2 since bundles may hold a logistic regression; a tree bundle is still written as format 1,
    /// so older ChurnGuard releases keep reading it, and refuse (asking for an upgrade) a linear one.
    public static let currentFormat = 2

    public var formatVersion: Int
    public var version: String
    public var createdAt: Date
    public var featureSchema: FeatureSchema
    /// The encoded column names the model reads, in order (see ``FeatureEncoder``).
    public var encodedColumns: [String]
    /// Maps the model's raw probability to a calibrated one; nil serves raw probabilities.
    public var calibrator: IsotonicCalibrator?
    public var tierThresholds: TierThresholds
    public var training: TrainingSummary?
    public var evaluation: ModelEvaluation?
    /// Gain-based importance per schema feature (one-hot columns summed), highest first.
    public var featureImportance: [FeatureImportance]
    public var referenceDistributions: [ReferenceDistribution]
    /// The calibrated-score distribution on the test data, for score drift.
    public var scoreDistribution: ReferenceDistribution?
    /// What `model.json` holds; nil (bundles before model selection) means XGBoost.
    public var modelKind: ScoringModel.Kind?
    /// The model search `train` ran, when it ran one (trials, scores, winner, time).
    public var selection: ModelSelectionRecord?
    /// How the calibrator was chosen and what it did to ranking and calibration error.
    public var calibration: CalibrationSummary?
    /// The F1- and cost-optimal thresholds found at training, and where the HIGH cut-off came from.
    public var thresholds: ThresholdReport?

    /// The kind of model in `model.json`, XGBoost for bundles that predate the field.
    public var resolvedModelKind: ScoringModel.Kind { modelKind ?? .xgboost }

    public init(
        version: String, createdAt: Date = Date(), featureSchema: FeatureSchema,
        calibrator: IsotonicCalibrator? = nil, tierThresholds: TierThresholds = .default,
        training: TrainingSummary? = nil, evaluation: ModelEvaluation? = nil,
        featureImportance: [FeatureImportance] = [], referenceDistributions: [ReferenceDistribution] = [],
        scoreDistribution: ReferenceDistribution? = nil, modelKind: ScoringModel.Kind? = nil,
        selection: ModelSelectionRecord? = nil, calibration: CalibrationSummary? = nil, thresholds: ThresholdReport? = nil
    ) {
        self.formatVersion = modelKind == .logisticRegression ? 2 : 1
        self.version = version
        self.createdAt = createdAt
        self.featureSchema = featureSchema
        self.encodedColumns = FeatureEncoder(schema: featureSchema).columnNames
        self.calibrator = calibrator
        self.tierThresholds = tierThresholds
        self.training = training
        self.evaluation = evaluation
        self.featureImportance = featureImportance
        self.referenceDistributions = referenceDistributions
        self.scoreDistribution = scoreDistribution
        self.modelKind = modelKind
        self.selection = selection
        self.calibration = calibration
        self.thresholds = thresholds
    }
}

/// What a model was trained on and how.
public struct TrainingSummary: Codable, Sendable, Equatable {
    /// `time-split` for snapshot data, `stratified-k-fold` for flat data, `imported` for a model trained elsewhere.
    public var method: String
    public var dataFingerprint: String
    public var sourcePath: String
    /// First and last snapshot date used for training (nil for flat data).
    public var windowStart: String?
    public var windowEnd: String?
    public var validationDates: [String]
    public var testDates: [String]
    public var rows: [String: Int]
    public var positives: [String: Int]
    public var parameters: [String: String]
    public var bestIteration: Int
    public var roundsRun: Int
    public var xgboostVersion: String

    public init(
        method: String, dataFingerprint: String, sourcePath: String, windowStart: String?, windowEnd: String?,
        validationDates: [String], testDates: [String], rows: [String: Int], positives: [String: Int],
        parameters: [String: String], bestIteration: Int, roundsRun: Int, xgboostVersion: String
    ) {
        self.method = method
        self.dataFingerprint = dataFingerprint
        self.sourcePath = sourcePath
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.validationDates = validationDates
        self.testDates = testDates
        self.rows = rows
        self.positives = positives
        self.parameters = parameters
        self.bestIteration = bestIteration
        self.roundsRun = roundsRun
        self.xgboostVersion = xgboostVersion
    }
}

/// Gain-based importance of one schema feature.
public struct FeatureImportance: Codable, Sendable, Equatable {
    public var feature: String
    /// Total split gain over all trees.
    public var totalGain: Double
    /// Share of the model's total gain, 0…1.
    public var share: Double

    public init(feature: String, totalGain: Double, share: Double) {
        self.feature = feature
        self.totalGain = totalGain
        self.share = share
    }
}
