import Foundation

/// One customer's feature snapshot as the online store keeps it: the values as a JSON object (the
/// store does not interpret them; the feature schema lives with the model), the snapshot date they were
/// computed for and when they were written.
public struct StoredFeatures: Sendable, Equatable {
    public var customerID: String
    /// The snapshot date, `YYYY-MM-DD`.
    public var asOf: String
    /// A JSON object of feature name to value.
    public var featuresJSON: String
    public var updatedAt: Date
    /// The snapshot as the store keeps it when it is sealed at rest (nil otherwise): batch scoring
    /// logs it as the prediction's inputs instead of sealing `featuresJSON` again.
    public internal(set) var sealedFeatures: StoredCell?
    /// False for a sealed snapshot read without opening it (`featuresJSON` is empty until
    /// ``OnlineFeatureStore/opened(_:)``): batch scoring opens a page on its scoring threads.
    public internal(set) var isOpen = true

    /// What the `features` column receives: the sealed value, or the JSON itself in a plain store.
    var storedFeatures: StoredCell { sealedFeatures ?? .text(featuresJSON) }

    public init(customerID: String, asOf: String, featuresJSON: String, updatedAt: Date = Date()) {
        self.customerID = customerID
        self.asOf = asOf
        self.featuresJSON = featuresJSON
        self.updatedAt = updatedAt
    }
}
