import ChurnModel
import ChurnStore
import Foundation

/// The models the server is serving right now: production, and the registry's canary (serves a
/// stable share of customers instead of production) and shadow (scored and logged, never returned)
/// when registered. Promotion and rollback swap the whole set atomically while requests keep
/// reading the set they started with.
public final class ServingModels: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var production: ChurnPredictor
        public var parser: PredictionRequestParserBox
        public var canary: ChurnPredictor?
        public var canaryAssignment: CanaryAssignment?
        public var shadow: ChurnPredictor?
        /// The distinct feature schemas of the set (production's first), to read stored features with;
        /// computed once per swap, not per lookup.
        let schemas: [FeatureSchema]

        init(_ set: BatchScoringModels) {
            production = set.production
            parser = PredictionRequestParserBox(schema: set.production.bundle.manifest.featureSchema)
            canary = set.canary
            canaryAssignment = set.canary == nil ? nil : set.canaryAssignment
            shadow = set.shadow
            var schemas = [set.production.bundle.manifest.featureSchema]
            for model in [set.canary, set.shadow].compactMap({ $0 }) where !schemas.contains(model.bundle.manifest.featureSchema) {
                schemas.append(model.bundle.manifest.featureSchema)
            }
            self.schemas = schemas
        }

        /// The model that answers for `customerID`: the canary for its stable share, else production.
        public func servingModel(for customerID: String) -> (predictor: ChurnPredictor, servedBy: ServedBy) {
            if let canary, let canaryAssignment, canaryAssignment.servesCanary(customerID) { return (canary, .canary) }
            return (production, .production)
        }
    }

    private let lock = NSLock()
    private var current: Snapshot

    public convenience init(production: ModelBundle) {
        self.init(BatchScoringModels(production: ChurnPredictor(bundle: production)))
    }

    public init(_ set: BatchScoringModels) {
        current = Snapshot(set)
    }

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Serves `bundle` alone from now on (no canary, no shadow); returns the version it replaced.
    @discardableResult
    public func replaceProduction(with bundle: ModelBundle) -> String {
        replace(with: BatchScoringModels(production: ChurnPredictor(bundle: bundle)))
    }

    /// Serves `set` from now on, in one swap; returns the production version it replaced.
    @discardableResult
    public func replace(with set: BatchScoringModels) -> String {
        let next = Snapshot(set)
        lock.lock()
        defer { lock.unlock() }
        let previous = current.production.bundle.version
        current = next
        return previous
    }
}

/// Wraps the internal request parser so the snapshot can be public.
public struct PredictionRequestParserBox: Sendable {
    let parser: PredictionRequestParser
    init(schema: FeatureSchema) { parser = PredictionRequestParser(schema: schema) }
}
