import ChurnModel

/// One customer to score online: the id and the feature values known for it by name (stored
/// features overlaid by what the request sent). By name, so each model of the serving set reads
/// its own schema from the same input.
public struct ScoringInput: Sendable {
    public var customerID: String
    public var features: [String: FeatureValue]

    public init(customerID: String, features: [String: FeatureValue]) {
        self.customerID = customerID
        self.features = features
    }

    /// The values in `schema`'s order; absent features are missing.
    public func values(for schema: FeatureSchema) -> [FeatureValue] {
        schema.features.map { features[$0.name] ?? .missing }
    }
}
