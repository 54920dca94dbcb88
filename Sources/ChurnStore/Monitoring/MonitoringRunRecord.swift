import Foundation

/// One stored monitoring run: its verdicts as columns and the full report as JSON (the store does
/// not know the report's shape; `ChurnMonitoring.MonitoringReport` does).
public struct MonitoringRunRecord: Sendable, Equatable {
    public var runID: UUID
    public var asOf: String
    public var modelVersion: String
    public var createdAt: Date
    /// `ok`, `warn` or `alert`.
    public var status: String
    public var datasetDrift: Bool
    public var driftShare: Double
    public var driftedFeatures: Int
    public var features: Int
    public var rowsMonitored: Int
    public var estimatedROCAUC: Double?
    public var realizedROCAUC: Double?
    public var conceptDrift: Bool
    public var reportJSON: String

    public static let statuses: Set<String> = ["ok", "warn", "alert"]

    public init(
        runID: UUID = UUID(), asOf: String, modelVersion: String, createdAt: Date = Date(), status: String,
        datasetDrift: Bool, driftShare: Double, driftedFeatures: Int, features: Int, rowsMonitored: Int,
        estimatedROCAUC: Double?, realizedROCAUC: Double?, conceptDrift: Bool, reportJSON: String
    ) {
        self.runID = runID
        self.asOf = asOf
        self.modelVersion = modelVersion
        self.createdAt = createdAt
        self.status = status
        self.datasetDrift = datasetDrift
        self.driftShare = driftShare
        self.driftedFeatures = driftedFeatures
        self.features = features
        self.rowsMonitored = rowsMonitored
        self.estimatedROCAUC = estimatedROCAUC
        self.realizedROCAUC = realizedROCAUC
        self.conceptDrift = conceptDrift
        self.reportJSON = reportJSON
    }

    func validate() throws {
        try StoreValidation.day(asOf, field: "as_of")
        try StoreValidation.identifier(modelVersion, field: "model_version", maxLength: 32)
        guard Self.statuses.contains(status) else {
            throw StoreError.invalidValue(field: "status", reason: "'\(status)' is not one of \(Self.statuses.sorted().joined(separator: ", "))")
        }
        guard driftShare.isFinite, (0...1).contains(driftShare) else {
            throw StoreError.invalidValue(field: "drift_share", reason: "\(driftShare) is not a share between 0 and 1")
        }
        guard driftedFeatures >= 0, features >= driftedFeatures, rowsMonitored >= 0 else {
            throw StoreError.invalidValue(field: "drifted_features", reason: "\(driftedFeatures) drifted of \(features) features over \(rowsMonitored) rows")
        }
        if let estimatedROCAUC { try StoreValidation.probability(estimatedROCAUC, field: "estimated_roc_auc") }
        if let realizedROCAUC { try StoreValidation.probability(realizedROCAUC, field: "realized_roc_auc") }
    }
}
