import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Synchronization

/// The serving set the server is serving right now (see ``ServingSet``). Promotion and rollback swap
/// the whole set atomically while requests keep reading the snapshot they started with.
public final class ServingModels: Sendable {
    public struct Snapshot: Sendable {
        /// The models themselves.
        public let servingSet: ServingSet
        /// Production's request parser, built once per swap rather than per request.
        public let parser: PredictionRequestParserBox
        /// The set's distinct feature schemas (production's first), computed once per swap.
        public let schemas: [FeatureSchema]

        init(_ set: ServingSet) {
            self.servingSet = set
            parser = PredictionRequestParserBox(schema: set.production.bundle.manifest.featureSchema)
            schemas = set.schemas
        }

        public var production: ChurnPredictor { servingSet.production }
        public var canary: ChurnPredictor? { servingSet.canary }
        public var shadow: ChurnPredictor? { servingSet.shadow }
        public var canaryAssignment: CanaryAssignment? { servingSet.canaryAssignment }

        /// The model that answers for `customerID`: the canary for its stable share, else production.
        public func servingModel(for customerID: String) -> (predictor: ChurnPredictor, servedBy: ServedBy) {
            servingSet.servingModel(for: customerID)
        }
    }

    private let current: Mutex<Snapshot>

    public convenience init(production: ModelBundle) {
        self.init(ServingSet(production: ChurnPredictor(bundle: production)))
    }

    public init(_ set: ServingSet) {
        current = Mutex(Snapshot(set))
    }

    public var snapshot: Snapshot {
        current.withLock { $0 }
    }

    /// Serves `bundle` alone from now on (no canary, no shadow); returns the version it replaced.
    @discardableResult
    public func replaceProduction(with bundle: ModelBundle) -> String {
        replace(with: ServingSet(production: ChurnPredictor(bundle: bundle)))
    }

    /// Serves `set` from now on, in one swap; returns the production version it replaced.
    @discardableResult
    public func replace(with set: ServingSet) -> String {
        let next = Snapshot(set)
        return current.withLock { current in
            let previous = current.production.bundle.version
            current = next
            return previous
        }
    }
}

/// Wraps the internal request parser so the snapshot can be public.
public struct PredictionRequestParserBox: Sendable {
    let parser: PredictionRequestParser
    init(schema: FeatureSchema) { parser = PredictionRequestParser(schema: schema) }
}
