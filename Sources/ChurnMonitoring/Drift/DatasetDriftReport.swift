/// The drift of every feature of one window, and whether the dataset as a whole drifted: at least
/// ``DriftConfiguration/datasetDriftShare`` of its features (Evidently's dataset drift rule).
public struct DatasetDriftReport: Sendable, Codable, Equatable {
    public var features: [FeatureDrift]
    public var driftedFeatures: Int
    public var driftShare: Double
    public var threshold: Double
    public var datasetDrift: Bool

    public init(features: [FeatureDrift], threshold: Double) {
        self.features = features
        driftedFeatures = features.filter(\.drifted).count
        driftShare = features.isEmpty ? 0 : Double(driftedFeatures) / Double(features.count)
        self.threshold = threshold
        datasetDrift = !features.isEmpty && driftShare >= threshold
    }

    enum CodingKeys: String, CodingKey {
        case features, threshold
        case driftedFeatures = "drifted_features"
        case driftShare = "drift_share"
        case datasetDrift = "dataset_drift"
    }
}
