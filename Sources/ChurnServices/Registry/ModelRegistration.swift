import ChurnModel
import ChurnStore
import Foundation

/// Registers a saved bundle as a candidate and applies the promotion gate.
public enum ModelRegistration {
    /// `productionAUC` is production (`champion`)'s ROC-AUC on the candidate's own test rows when the
    /// caller measured it (retraining): it is kept with the metrics, and the gate compares with it;
    /// without it the gate compares with production's registered figure.
    public static func register(
        bundle: ModelBundle, into store: ChurnStore, home: String, gate: PromotionGate, actor: String,
        reason: String = "trained", productionAUC: Double? = nil, champion: String? = nil
    ) async throws -> ModelVersionRecord {
        // The registry points at its own copy, so moving or overwriting --out never breaks a registered model.
        let directory = URL(fileURLWithPath: home).appendingPathComponent("bundles").appendingPathComponent(bundle.version).standardizedFileURL.path
        try bundle.save(to: directory)
        var metrics = RegistryMetrics(bundle: bundle)
        if let productionAUC {
            metrics.championVersion = champion
            metrics.championROCAUC = productionAUC
        }
        var record = try await store.modelRegistry.registerCandidate(
            version: bundle.version, metricsJSON: metrics.encoded(), bundlePath: directory, actor: actor, reason: reason)
        var comparedAUC = productionAUC
        if comparedAUC == nil {
            comparedAUC = try await store.modelRegistry.production().flatMap { try RegistryMetrics.decode($0.metricsJSON).rocAUC }
        }
        if let rejection = gate.rejection(auc: metrics.rocAUC ?? 0, productionAUC: comparedAUC, calibrationError: metrics.expectedCalibrationError) {
            record = try await store.modelRegistry.setStage(bundle.version, to: .rejected, actor: actor, reason: "gate: \(rejection)")
        }
        return record
    }
}
