import ChurnModel
import ChurnStore
import Foundation

/// Registers a saved bundle as a candidate and applies the promotion gate.
public enum ModelRegistration {
    public static func register(bundle: ModelBundle, into store: ChurnStore, home: String, gate: PromotionGate, actor: String) async throws -> ModelVersionRecord {
        // The registry points at its own copy, so moving or overwriting --out never breaks a registered model.
        let directory = URL(fileURLWithPath: home).appendingPathComponent("bundles").appendingPathComponent(bundle.version).standardizedFileURL.path
        try bundle.save(to: directory)
        let metrics = RegistryMetrics(bundle: bundle)
        var record = try await store.modelRegistry.registerCandidate(
            version: bundle.version, metricsJSON: metrics.encoded(), bundlePath: directory, actor: actor, reason: "trained")
        let productionAUC = try await store.modelRegistry.production().flatMap { try RegistryMetrics.decode($0.metricsJSON).rocAUC }
        if let reason = gate.rejection(auc: metrics.rocAUC ?? 0, productionAUC: productionAUC) {
            record = try await store.modelRegistry.setStage(bundle.version, to: .rejected, actor: actor, reason: "gate: \(reason)")
        }
        return record
    }
}
