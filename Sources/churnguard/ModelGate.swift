import ChurnModel
import ChurnStore
import Foundation

/// The promotion gate a newly trained model must pass to stay a candidate: ROC-AUC at least the
/// floor (the spec's 0.88 by default) and not more than `maxDrop` below the production model's.
struct ModelGate {
    var minimumAUC = 0.88
    var maxDrop = 0.03

    /// Nil when the model passes, else the reason it is rejected.
    func rejection(auc: Double, productionAUC: Double?) -> String? {
        if auc < minimumAUC {
            return String(format: "ROC-AUC %.4f is below the floor %.4f", auc, minimumAUC)
        }
        if let productionAUC, auc < productionAUC - maxDrop {
            return String(format: "ROC-AUC %.4f is more than %.2f below production's %.4f", auc, maxDrop, productionAUC)
        }
        return nil
    }

    /// The metrics kept in the registry for a bundle.
    static func metricsJSON(_ bundle: ModelBundle) -> String {
        guard let evaluation = bundle.manifest.evaluation else { return "{}" }
        let report = evaluation.calibrated
        let object: [String: Any] = [
            "roc_auc": report.rocAUC, "pr_auc": report.prAUC, "brier_score": report.brierScore, "log_loss": report.logLoss,
            "precision_at_10pct": report.precisionAtTop, "expected_calibration_error": report.expectedCalibrationError,
            "rows": evaluation.rows, "dataset": evaluation.dataset,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func auc(ofMetricsJSON json: String) -> Double? {
        ((try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any])?["roc_auc"] as? Double
    }
}

/// Registers a saved bundle as a candidate and applies the gate.
enum ModelRegistration {
    static func register(bundle: ModelBundle, home: String, gate: ModelGate, actor: String) async throws -> ModelVersionRecord {
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home))
        do {
            // The registry points at its own copy, so moving or overwriting --out never breaks a registered model.
            let directory = URL(fileURLWithPath: home).appendingPathComponent("bundles").appendingPathComponent(bundle.version).standardizedFileURL.path
            try bundle.save(to: directory)
            let metrics = ModelGate.metricsJSON(bundle)
            var record = try await store.modelRegistry.registerCandidate(
                version: bundle.version, metricsJSON: metrics, bundlePath: directory, actor: actor, reason: "trained")
            let productionAUC = try await store.modelRegistry.production().flatMap { ModelGate.auc(ofMetricsJSON: $0.metricsJSON) }
            let auc = bundle.manifest.evaluation?.calibrated.rocAUC ?? 0
            if let reason = gate.rejection(auc: auc, productionAUC: productionAUC) {
                record = try await store.modelRegistry.setStage(bundle.version, to: .rejected, actor: actor, reason: "gate: \(reason)")
            }
            try await store.shutdown()
            return record
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}
