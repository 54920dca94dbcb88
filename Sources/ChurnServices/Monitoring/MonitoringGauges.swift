import ChurnMonitoring
import ChurnStore
import Foundation

/// The latest monitoring run as the figures Prometheus scrapes and the alert rules read: per-feature
/// drift (value and verdict), the share of drifted features, score drift, estimated and realized
/// ROC-AUC beside the model's own test figure, concept drift. `serve` refreshes them from the store.
public struct MonitoringGauges: Sendable, Equatable {
    public struct Feature: Sendable, Equatable {
        public var name: String
        public var method: String
        public var value: Double
        public var drifted: Bool

        public init(name: String, method: String, value: Double, drifted: Bool = false) {
            self.name = name
            self.method = method
            self.value = value
            self.drifted = drifted
        }
    }

    public var asOf: String
    /// When the run was made: an alert can tell a stale verdict from a fresh one.
    public var runAt: Date?
    public var features: [Feature]
    public var datasetDriftShare: Double
    public var datasetDrift: Bool
    /// nil when the run could not check the score (an old bundle without a score reference).
    public var scoreDrift: Bool?
    public var estimatedROCAUC: Double?
    public var realizedROCAUC: Double?
    /// The bundle's calibrated test ROC-AUC, the figure estimated and realized performance are held to.
    public var referenceROCAUC: Double?
    /// nil until a day's horizon has passed and its labels are known.
    public var conceptDrift: Bool?
    /// Σ p over the monitored day: the customers expected to churn within the horizon.
    public var expectedChurners: Double?
    public var risk: RiskSummary?

    public init(
        asOf: String, runAt: Date? = nil, features: [Feature], datasetDriftShare: Double, datasetDrift: Bool, scoreDrift: Bool? = nil,
        estimatedROCAUC: Double?, realizedROCAUC: Double?, referenceROCAUC: Double? = nil, conceptDrift: Bool? = nil,
        expectedChurners: Double? = nil, risk: RiskSummary? = nil
    ) {
        self.asOf = asOf
        self.runAt = runAt
        self.features = features
        self.datasetDriftShare = datasetDriftShare
        self.datasetDrift = datasetDrift
        self.scoreDrift = scoreDrift
        self.estimatedROCAUC = estimatedROCAUC
        self.realizedROCAUC = realizedROCAUC
        self.referenceROCAUC = referenceROCAUC
        self.conceptDrift = conceptDrift
        self.expectedChurners = expectedChurners
        self.risk = risk
    }

    public init(record: MonitoringRunRecord, report: MonitoringReport) {
        self.init(
            asOf: record.asOf, runAt: record.createdAt,
            features: report.drift.features.map { Feature(name: $0.feature, method: $0.method.rawValue, value: $0.value, drifted: $0.drifted) },
            datasetDriftShare: record.driftShare, datasetDrift: record.datasetDrift, scoreDrift: report.score?.drifted,
            estimatedROCAUC: record.estimatedROCAUC, realizedROCAUC: record.realizedROCAUC,
            referenceROCAUC: report.referenceROCAUC ?? report.realized?.referenceROCAUC,
            conceptDrift: report.realized != nil || report.outcomes != nil ? report.conceptDrift : nil, expectedChurners: report.expected.expectedChurners, risk: report.risk)
    }

    /// The newest stored run's gauges; nil before the first `churnguard monitor`.
    public static func latest(in store: ChurnStore) async throws -> MonitoringGauges? {
        guard let record = try await store.monitoringRuns.latest() else { return nil }
        let report = try JSONDecoder().decode(MonitoringReport.self, from: Data(record.reportJSON.utf8))
        return MonitoringGauges(record: record, report: report)
    }
}
