import ChurnModel
import ChurnServices
import ChurnStore
import Foundation

/// A model version in `GET /api/v1/models[/{version}]`.
struct ModelSummary: Encodable, Sendable {
    var version: String
    var stage: String
    var createdAt: String
    /// The registry's evaluation figures (calibrated model, test split); absent when it has none.
    var metrics: [String: Double]?
    var canaryShare: Double?
    var history: [StageChange]?
    /// The feature schema, for the version being served.
    var features: [FeatureDescription]?

    enum CodingKeys: String, CodingKey {
        case version, stage, metrics, history, features
        case createdAt = "created_at", canaryShare = "canary_share"
    }

    init(_ record: ModelVersionRecord) {
        version = record.version
        stage = record.stage.rawValue
        createdAt = ModelSummary.iso(record.createdAt)
        metrics = (try? RegistryMetrics.decode(record.metricsJSON)).map(Self.figures)
        if record.stage == .canary { canaryShare = record.canaryShare }
    }

    init(_ manifest: BundleManifest, stage: String) {
        version = manifest.version
        self.stage = stage
        createdAt = ModelSummary.iso(manifest.createdAt)
        if manifest.evaluation != nil {
            // The same four figures the registry-less server always reported.
            let all = RegistryMetrics(manifest: manifest)
            metrics = Self.figures(all).filter { ["roc_auc", "pr_auc", "brier_score", "expected_calibration_error"].contains($0.key) }
        }
    }

    /// The numeric figures by their JSON names.
    static func figures(_ metrics: RegistryMetrics) -> [String: Double] {
        let named: [(String, Double?)] = [
            ("roc_auc", metrics.rocAUC), ("pr_auc", metrics.prAUC), ("brier_score", metrics.brierScore), ("log_loss", metrics.logLoss),
            ("precision_at_10pct", metrics.precisionAt10Percent), ("expected_calibration_error", metrics.expectedCalibrationError),
            ("rows", metrics.rows.map(Double.init)),
        ]
        return Dictionary(uniqueKeysWithValues: named.compactMap { name, value in value.map { (name, $0) } })
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

struct ModelList: Encodable, Sendable {
    var models: [ModelSummary]
}

/// One change of a version's stage, as the registry recorded it.
struct StageChange: Encodable, Sendable {
    @EncodesNull var from: String?
    var to: String
    var actor: String
    @EncodesNull var reason: String?
    var at: String
}

struct FeatureDescription: Encodable, Sendable {
    var name: String
    var kind: String
}

/// The answer of `POST /admin/models/{version}/promote` and `POST /admin/models/rollback`.
struct StageChangeResult: Encodable, Sendable {
    var version: String
    var stage: String
    /// The production version that was served before.
    var previous: String
}
