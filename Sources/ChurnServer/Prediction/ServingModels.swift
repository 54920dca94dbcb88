import ChurnModel
import Foundation

/// The models the server is serving right now. Promotion and rollback swap them atomically while
/// requests keep reading the version they started with.
public final class ServingModels: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var production: ChurnPredictor
        public var parser: PredictionRequestParserBox
    }

    private let lock = NSLock()
    private var current: Snapshot

    public init(production: ModelBundle) {
        current = Snapshot(production: ChurnPredictor(bundle: production), parser: PredictionRequestParserBox(schema: production.manifest.featureSchema))
    }

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Serves `bundle` from now on; returns the version it replaced.
    @discardableResult
    public func replaceProduction(with bundle: ModelBundle) -> String {
        let next = Snapshot(production: ChurnPredictor(bundle: bundle), parser: PredictionRequestParserBox(schema: bundle.manifest.featureSchema))
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
