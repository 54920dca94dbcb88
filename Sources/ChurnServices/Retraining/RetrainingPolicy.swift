import ChurnConfiguration
import Foundation
import Yams

/// When `churnguard retrain --when-due` trains a challenger, the gates every promotion step must
/// pass, and whether the steps wait for a person. Read from `HOME/retraining.yaml` (or `--policy
/// FILE`); every key is optional.
///
/// ```yaml
/// triggers:
///   every_days: 30              # production is older than this (0: never on age alone)
///   on_drift_alert: true        # the newest monitoring run found dataset or score drift
///   on_concept_drift: true      # … or realized ROC-AUC 0.03 or more below the test figure
/// gates:
///   min_roc_auc: 0.88
///   max_auc_drop: 0.03          # below production on the same rows (the newest window, then outcomes)
///   max_calibration_error: 0.05
/// promotion:
///   approval: manual            # manual: each step waits for `churnguard models advance V`;
///                               # automatic: `retrain --when-due` takes every step whose gate passes
///   canary_share: 0.1
///   shadow_days: 3              # scoring days a shadow must have logged before it may become the canary
///   canary_days: 3              # scoring days a canary must have served before it may become production
///   outcome_horizon_days: 90    # a churn within this many days of a logged score is its outcome
/// ```
public struct RetrainingPolicy: Sendable, Equatable {
    public enum Approval: String, Sendable {
        case manual, automatic
    }

    public var everyDays: Int = 30
    public var onDriftAlert = true
    public var onConceptDrift = true
    public var gate = PromotionGate(minimumAUC: 0.88, maxDrop: 0.03, maxCalibrationError: 0.05)
    public var approval = Approval.manual
    public var canaryShare = 0.1
    public var shadowDays = 3
    public var canaryDays = 3
    public var outcomeHorizonDays = 90

    public init() {}

    /// `--policy FILE`, else `home/retraining.yaml` when it exists, else the defaults.
    public static func load(explicit: String?, home: String) throws(ConfigurationFileError) -> RetrainingPolicy {
        let implicit = (home as NSString).appendingPathComponent("retraining.yaml")
        guard let path = explicit ?? (FileManager.default.fileExists(atPath: implicit) ? implicit : nil) else { return RetrainingPolicy() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationFileError(what: what, file: path, message: "cannot read the file")
        }
        do {
            return try RetrainingPolicy(yaml: text)
        } catch {
            throw error.reading(path)
        }
    }

    static let what = "retraining policy"

    /// Parses and validates a policy, reporting every problem with its key path and line.
    public init(yaml: String) throws(ConfigurationFileError) {
        let root = try ConfigurationFileError.compose(yaml, what: Self.what)
        var policy = RetrainingPolicy()
        guard let root else {
            self = policy
            return
        }
        var reader = YAMLNodeReader()
        if let top = reader.mapping(root, at: "", allowed: ["triggers", "gates", "promotion"]) {
            if let node = top["triggers"], let map = reader.mapping(node, at: "triggers", allowed: ["every_days", "on_drift_alert", "on_concept_drift"]) {
                if let value = map["every_days"], let days = reader.int(value, at: map.path("every_days"), in: 0...3_650) { policy.everyDays = days }
                if let value = map["on_drift_alert"], let flag = reader.bool(value, at: map.path("on_drift_alert")) { policy.onDriftAlert = flag }
                if let value = map["on_concept_drift"], let flag = reader.bool(value, at: map.path("on_concept_drift")) { policy.onConceptDrift = flag }
            }
            if let node = top["gates"], let map = reader.mapping(node, at: "gates", allowed: ["min_roc_auc", "max_auc_drop", "max_calibration_error"]) {
                if let value = map["min_roc_auc"], let auc = reader.double(value, at: map.path("min_roc_auc"), in: 0...1) { policy.gate.minimumAUC = auc }
                if let value = map["max_auc_drop"], let drop = reader.double(value, at: map.path("max_auc_drop"), in: 0...1) { policy.gate.maxDrop = drop }
                if let value = map["max_calibration_error"], let ece = reader.double(value, at: map.path("max_calibration_error"), in: 0...1) {
                    policy.gate.maxCalibrationError = ece
                }
            }
            if let node = top["promotion"], let map = reader.mapping(
                node, at: "promotion", allowed: ["approval", "canary_share", "shadow_days", "canary_days", "outcome_horizon_days"]) {
                if let value = map["approval"], let text = reader.string(value, at: map.path("approval")) {
                    if let approval = Approval(rawValue: text) {
                        policy.approval = approval
                    } else {
                        reader.report(map.path("approval"), value, "'\(text)' is not an approval mode: manual or automatic")
                    }
                }
                if let value = map["canary_share"], let share = reader.double(value, at: map.path("canary_share"), in: 0.001...0.999) { policy.canaryShare = share }
                if let value = map["shadow_days"], let days = reader.int(value, at: map.path("shadow_days"), in: 0...365) { policy.shadowDays = days }
                if let value = map["canary_days"], let days = reader.int(value, at: map.path("canary_days"), in: 0...365) { policy.canaryDays = days }
                if let value = map["outcome_horizon_days"], let days = reader.int(value, at: map.path("outcome_horizon_days"), in: 1...730) {
                    policy.outcomeHorizonDays = days
                }
            }
        }
        guard reader.issues.isEmpty else { throw ConfigurationFileError(what: Self.what, issues: reader.issues) }
        self = policy
    }
}
