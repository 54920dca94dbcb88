import ChurnModel
import Foundation

/// The evaluation figures the registry keeps for a model version (its `metrics_json` column): the
/// calibrated model on its test split. Written by ``encoded()``, read by ``decode(_:)``: the CLI,
/// the gate and the API all go through this one type. The ROC and precision–recall curves (at most
/// 101 points each, for the console's charts) were added later: rows written before them decode
/// with both nil.
public struct RegistryMetrics: Codable, Sendable, Equatable {
    public var rocAUC: Double?
    public var prAUC: Double?
    public var brierScore: Double?
    public var logLoss: Double?
    public var precisionAt10Percent: Double?
    public var expectedCalibrationError: Double?
    public var rows: Int?
    public var dataset: String?
    /// Set by `retrain`: the production model of the time and its calibrated ROC-AUC on these same
    /// test rows, the fair figure to compare with (its registered one is from older data).
    public var championVersion: String?
    public var championROCAUC: Double?
    public var rocCurve: [CurvePoint]?
    public var precisionRecallCurve: [CurvePoint]?

    enum CodingKeys: String, CodingKey {
        case rocAUC = "roc_auc", prAUC = "pr_auc", brierScore = "brier_score", logLoss = "log_loss"
        case precisionAt10Percent = "precision_at_10pct", expectedCalibrationError = "expected_calibration_error"
        case rows, dataset
        case championVersion = "champion_version", championROCAUC = "champion_roc_auc"
        case rocCurve = "roc_curve", precisionRecallCurve = "pr_curve"
    }

    public init(
        rocAUC: Double? = nil, prAUC: Double? = nil, brierScore: Double? = nil, logLoss: Double? = nil,
        precisionAt10Percent: Double? = nil, expectedCalibrationError: Double? = nil, rows: Int? = nil, dataset: String? = nil,
        championVersion: String? = nil, championROCAUC: Double? = nil,
        rocCurve: [CurvePoint]? = nil, precisionRecallCurve: [CurvePoint]? = nil
    ) {
        self.rocAUC = rocAUC
        self.prAUC = prAUC
        self.brierScore = brierScore
        self.logLoss = logLoss
        self.precisionAt10Percent = precisionAt10Percent
        self.expectedCalibrationError = expectedCalibrationError
        self.rows = rows
        self.dataset = dataset
        self.championVersion = championVersion
        self.championROCAUC = championROCAUC
        self.rocCurve = rocCurve
        self.precisionRecallCurve = precisionRecallCurve
    }

    /// The calibrated model's test figures from the bundle; empty when the bundle has no evaluation
    /// (an imported model).
    public init(bundle: ModelBundle) {
        self.init(manifest: bundle.manifest)
    }

    public init(manifest: BundleManifest) {
        guard let evaluation = manifest.evaluation else {
            self.init()
            return
        }
        let report = evaluation.calibrated
        self.init(
            rocAUC: report.rocAUC, prAUC: report.prAUC, brierScore: report.brierScore, logLoss: report.logLoss,
            precisionAt10Percent: report.precisionAtTop, expectedCalibrationError: report.expectedCalibrationError,
            rows: evaluation.rows, dataset: evaluation.dataset,
            rocCurve: report.rocCurve, precisionRecallCurve: report.precisionRecallCurve)
    }

    /// The JSON the registry stores: sorted keys, absent figures left out.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of optional numbers, strings and point lists cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads stored metrics; a row written by another tool may hold only some figures, or none.
    /// Unreadable JSON is an error that names it, never silently empty metrics.
    public static func decode(_ json: String) throws -> RegistryMetrics {
        do {
            return try JSONDecoder().decode(RegistryMetrics.self, from: Data(json.utf8))
        } catch {
            throw RegistryMetricsError.unreadable(json: String(json.prefix(200)))
        }
    }
}

public enum RegistryMetricsError: Error, CustomStringConvertible {
    case unreadable(json: String)

    public var description: String {
        switch self {
        case .unreadable(let json): return "the registry's metrics are not the expected JSON object: \(json)"
        }
    }
}
