import ChurnModel
import ChurnStore
import Foundation

/// The model versions that score customers, as the registry has them: production always, a shadow
/// (scores everyone, logged only, never returned) and a canary (serves a stable share of customers
/// instead of production) when registered. Online requests and batch runs score with one set.
public struct ServingSet: Sendable {
    public var production: ChurnPredictor
    public var shadow: ChurnPredictor?
    public var canary: ChurnPredictor?
    public var canaryAssignment: CanaryAssignment?

    /// The model that answers for `customerID`: the canary for its stable share, else production.
    public func servingModel(for customerID: String) -> (predictor: ChurnPredictor, servedBy: ServedBy) {
        if let canary, let canaryAssignment, canaryAssignment.servesCanary(customerID) { return (canary, .canary) }
        return (production, .production)
    }

    /// The distinct feature schemas of the set, production's first: what stored features are read with
    /// (the canary or shadow may read features production does not).
    public var schemas: [FeatureSchema] {
        var schemas = [production.bundle.manifest.featureSchema]
        for model in [canary, shadow].compactMap({ $0 }) where !schemas.contains(model.bundle.manifest.featureSchema) {
            schemas.append(model.bundle.manifest.featureSchema)
        }
        return schemas
    }

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
    public static func load(from registry: ModelRegistry) async throws -> ServingSet {
        guard let production = try await registry.production() else { throw BatchScoringError.noProductionModel }
        let shadow = try await registry.shadow()
        let canary = try await registry.canary()
        return ServingSet(
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
