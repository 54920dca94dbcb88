import ChurnModel
import ChurnStore

/// The online feature store in ``ChurnStore``, read with every schema of the serving set (the
/// canary or shadow may read features production does not).
public struct StoreFeatureLookup: OnlineFeatureLookup {
    let store: ChurnStore
    /// The serving set's schemas now: the set can be swapped while the server runs.
    let schemas: @Sendable () -> [FeatureSchema]

    public init(store: ChurnStore, schemas: @escaping @Sendable () -> [FeatureSchema]) {
        self.store = store
        self.schemas = schemas
    }

    public func features(customerID: String) async throws -> [String: FeatureValue]? {
        guard let stored = try await store.onlineFeatures.features(customerID: customerID) else { return nil }
        return Self.byName(stored.featuresJSON, schemas: schemas())
    }

    /// A stored JSON object's known, present values by feature name.
    public static func byName(_ json: String, schemas: [FeatureSchema]) -> [String: FeatureValue] {
        var byName: [String: FeatureValue] = [:]
        for schema in schemas {
            for (feature, value) in zip(schema.features, schema.values(fromJSONObject: json)) where value != .missing {
                byName[feature.name] = value
            }
        }
        return byName
    }
}
