import ChurnModel

/// The online feature store as the API sees it: the latest stored features of a known customer.
public protocol OnlineFeatureLookup: Sendable {
    func features(customerID: String) async throws -> [String: FeatureValue]?
}
