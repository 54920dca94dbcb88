import ChurnModel

/// One customer to score online: the id and the feature values known for it by name (stored
/// features overlaid by what the request sent). By name, so each model of the serving set reads
/// its own schema from the same input.
struct ScoringInput: Sendable {
    var customerID: String
    var features: [String: FeatureValue]

    /// The values in `schema`'s order; absent features are missing.
    func values(for schema: FeatureSchema) -> [FeatureValue] {
        schema.features.map { features[$0.name] ?? .missing }
    }
}
