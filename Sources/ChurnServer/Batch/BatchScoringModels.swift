import ChurnModel
import ChurnStore
import Foundation

/// The model versions a batch run scores with, as the registry has them: production always, a
/// shadow (scores everyone, logged only) and a canary (serves a stable share instead of production)
/// when registered.
public struct BatchScoringModels: Sendable {
    public var production: ChurnPredictor
    public var shadow: ChurnPredictor?
    public var canary: ChurnPredictor?
    public var canaryAssignment: CanaryAssignment?

    public init(
        production: ChurnPredictor, shadow: ChurnPredictor? = nil, canary: ChurnPredictor? = nil,
        canaryAssignment: CanaryAssignment? = nil
    ) {
        self.production = production
        self.shadow = shadow
        self.canary = canary
        self.canaryAssignment = canaryAssignment
    }

    /// Loads the bundles of the registry's production, shadow and canary versions.
    public static func load(from registry: ModelRegistry) async throws -> BatchScoringModels {
        guard let production = try await registry.production() else { throw BatchScoringError.noProductionModel }
        let shadow = try await registry.shadow()
        let canary = try await registry.canary()
        return BatchScoringModels(
            production: try predictor(for: production),
            shadow: try shadow.map(predictor(for:)),
            canary: try canary.map(predictor(for:)),
            canaryAssignment: canary.map { CanaryAssignment(share: $0.canaryShare) })
    }

    static func predictor(for record: ModelVersionRecord) throws -> ChurnPredictor {
        do {
            return ChurnPredictor(bundle: try ModelBundle.load(from: record.bundlePath))
        } catch {
            throw BatchScoringError.bundleUnreadable(version: record.version, path: record.bundlePath, reason: "\(error)")
        }
    }

    /// The version that identifies the run (its resume marker): production's.
    public var runModelVersion: String { production.bundle.version }
}
