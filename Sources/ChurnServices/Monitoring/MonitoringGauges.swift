import ChurnMonitoring
import ChurnStore
import Foundation

/// The latest monitoring run as the figures Prometheus scrapes: per-feature drift, the share of
/// drifted features, estimated and realized ROC-AUC. `serve` refreshes them from the store.
public struct MonitoringGauges: Sendable, Equatable {
    public struct Feature: Sendable, Equatable {
        public var name: String
        public var method: String
        public var value: Double

        public init(name: String, method: String, value: Double) {
            self.name = name
            self.method = method
            self.value = value
        }
    }

    public var asOf: String
    public var features: [Feature]
    public var datasetDriftShare: Double
    public var datasetDrift: Bool
    public var estimatedROCAUC: Double?
    public var realizedROCAUC: Double?

    public init(
        asOf: String, features: [Feature], datasetDriftShare: Double, datasetDrift: Bool, estimatedROCAUC: Double?, realizedROCAUC: Double?
    ) {
        self.asOf = asOf
        self.features = features
        self.datasetDriftShare = datasetDriftShare
        self.datasetDrift = datasetDrift
        self.estimatedROCAUC = estimatedROCAUC
        self.realizedROCAUC = realizedROCAUC
    }

    /// The newest stored run's gauges; nil before the first `churnguard monitor`.
    public static func latest(in store: ChurnStore) async throws -> MonitoringGauges? {
        guard let record = try await store.monitoringRuns.latest() else { return nil }
        let report = try JSONDecoder().decode(MonitoringReport.self, from: Data(record.reportJSON.utf8))
        return MonitoringGauges(
            asOf: record.asOf,
            features: report.drift.features.map { Feature(name: $0.feature, method: $0.method.rawValue, value: $0.value) },
            datasetDriftShare: record.driftShare, datasetDrift: record.datasetDrift,
            estimatedROCAUC: record.estimatedROCAUC, realizedROCAUC: record.realizedROCAUC)
    }
}
