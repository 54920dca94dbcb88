import ChurnModel
import ChurnStore
import Foundation
import Logging

/// Reads the registry's serving set (production, canary with its share, shadow) for the online
/// path. Unlike a batch run, which refuses to start with an unreadable bundle, the server keeps
/// answering: a canary or shadow whose bundle cannot be loaded is left out (and logged), so only
/// production is ever required.
public enum ServingSetLoader {
    /// Which versions hold the live stages: what a reload compares to decide whether to swap.
    public struct LiveVersions: Equatable, Sendable {
        public var production: String?
        public var canary: String?
        public var canaryShare: Double?
        public var shadow: String?
    }

    public static func liveVersions(in registry: ModelRegistry) async throws -> LiveVersions {
        let canary = try await registry.canary()
        return LiveVersions(
            production: try await registry.production()?.version, canary: canary?.version, canaryShare: canary?.canaryShare,
            shadow: try await registry.shadow()?.version)
    }

    public static func liveVersions(of snapshot: ServingSet) -> LiveVersions {
        LiveVersions(
            production: snapshot.production.bundle.version, canary: snapshot.canary?.bundle.version,
            canaryShare: snapshot.canaryAssignment?.share, shadow: snapshot.shadow?.bundle.version)
    }

    /// The registry's set. `production` is the already loaded production bundle (a promotion loads it
    /// first to refuse unservable bundles); nil loads it from the registry.
    public static func load(from registry: ModelRegistry, production: ModelBundle? = nil, logger: Logger) async throws -> ServingSet {
        let productionBundle: ModelBundle
        if let production {
            productionBundle = production
        } else {
            guard let record = try await registry.production() else { throw BatchScoringError.noProductionModel }
            productionBundle = try ServingSet.predictor(for: record).bundle
        }
        var set = ServingSet(production: ChurnPredictor(bundle: productionBundle))
        if let canary = try await registry.canary() {
            set.canary = optional(canary, logger: logger)
            set.canaryAssignment = set.canary == nil ? nil : CanaryAssignment(share: canary.canaryShare)
        }
        if let shadow = try await registry.shadow() { set.shadow = optional(shadow, logger: logger) }
        return set
    }

    private static func optional(_ record: ModelVersionRecord, logger: Logger) -> ChurnPredictor? {
        do {
            return try ServingSet.predictor(for: record)
        } catch {
            logger.error("serving without the \(record.stage.rawValue) model", metadata: ["version": .string(record.version), "error": .string("\(error)")])
            return nil
        }
    }
}
