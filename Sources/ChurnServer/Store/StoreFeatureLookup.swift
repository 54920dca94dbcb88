import ChurnModel
import ChurnStore

/// The online feature store in ``ChurnStore``, read with the serving model's schema.
public struct StoreFeatureLookup: OnlineFeatureLookup {
    let store: ChurnStore
    let models: ServingModels

    public init(store: ChurnStore, models: ServingModels) {
        self.store = store
        self.models = models
    }

    public func features(customerID: String) async throws -> [String: FeatureValue]? {
        guard let stored = try await store.onlineFeatures.features(customerID: customerID) else { return nil }
        let schema = models.snapshot.production.bundle.manifest.featureSchema
        let values = schema.values(fromJSONObject: stored.featuresJSON)
        var byName: [String: FeatureValue] = [:]
        for (feature, value) in zip(schema.features, values) where value != .missing { byName[feature.name] = value }
        return byName
    }
}
