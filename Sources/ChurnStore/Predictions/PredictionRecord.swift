import Foundation

/// One row of the predictions log: what was predicted for whom, by which model in which role, from
/// which inputs, and where its delivery stands. The spec's columns plus `asOf`, `servedBy`, `traceID`,
/// the uncalibrated score and the explanation.
public struct PredictionRecord: Sendable, Equatable {
    public var predictionID: UUID
    public var customerID: String
    public var predictionTimestamp: Date
    /// The feature snapshot date for batch predictions; nil for online requests, which are never
    /// deduplicated.
    public var asOf: String?
    /// Calibrated, 0…1.
    public var churnProbability: Double
    /// `LOW`, `MEDIUM`, `HIGH` or `CRITICAL`.
    public var churnRiskLevel: String
    public var modelVersion: String
    public var servedBy: ServedBy
    public var traceID: String?
    /// The model's score before calibration.
    public var rawProbability: Double?
    public var topChurnFeature: String?
    /// The reasons (top features with value and contribution) as a JSON array.
    public var reasonsJSON: String?
    /// The inputs the model saw, as a JSON object.
    public var inferenceFeaturesJSON: String
    public var webhookStatus: String
    /// `inferenceFeaturesJSON` as the online store keeps it sealed (``StoredFeatures/sealedFeatures``):
    /// the log stores it as it is, sealing nothing again. Ignored when not under the current key.
    public var sealedInferenceFeatures: StoredCell?
    /// `reasonsJSON` sealed, set by the log as it writes the row.
    var sealedReasons: StoredCell?

    /// What the `inference_features` column receives: the sealed value, or the JSON in a plain store.
    var storedInferenceFeatures: StoredCell { sealedInferenceFeatures ?? .text(inferenceFeaturesJSON) }
    /// What the `reasons` column receives.
    var storedReasons: StoredCell? { sealedReasons ?? reasonsJSON.map(StoredCell.text) }

    public static let riskLevels: Set<String> = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]

    public init(
        predictionID: UUID = UUID(),
        customerID: String,
        predictionTimestamp: Date = Date(),
        asOf: String? = nil,
        churnProbability: Double,
        churnRiskLevel: String,
        modelVersion: String,
        servedBy: ServedBy = .production,
        traceID: String? = nil,
        rawProbability: Double? = nil,
        topChurnFeature: String? = nil,
        reasonsJSON: String? = nil,
        inferenceFeaturesJSON: String,
        webhookStatus: String = "PENDING",
        sealedInferenceFeatures: StoredCell? = nil
    ) {
        self.predictionID = predictionID
        self.customerID = customerID
        self.predictionTimestamp = Self.millisecond(predictionTimestamp)
        self.asOf = asOf
        self.churnProbability = churnProbability
        self.churnRiskLevel = churnRiskLevel
        self.modelVersion = modelVersion
        self.servedBy = servedBy
        self.traceID = traceID
        self.rawProbability = rawProbability
        self.topChurnFeature = topChurnFeature
        self.reasonsJSON = reasonsJSON
        self.inferenceFeaturesJSON = inferenceFeaturesJSON
        self.webhookStatus = webhookStatus
        self.sealedInferenceFeatures = sealedInferenceFeatures
    }

    /// The instant rounded to the millisecond. On PostgreSQL the timestamp is part of the log's key
    /// (its partition key, migration 14), so a record must carry the same value on every write: the
    /// spool keeps milliseconds, and a whole millisecond read back from its JSON rounds to the very
    /// same `Date` here, which binds to the same microsecond every time.
    static func millisecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1_000).rounded() / 1_000)
    }

    func validate(index: Int) throws {
        let prefix = "predictions[\(index)]."
        try StoreValidation.identifier(customerID, field: prefix + "customer_id", maxLength: 128)
        try StoreValidation.identifier(modelVersion, field: prefix + "model_version", maxLength: 32)
        try StoreValidation.probability(churnProbability, field: prefix + "churn_probability")
        if let rawProbability { try StoreValidation.probability(rawProbability, field: prefix + "raw_probability") }
        if let asOf { try StoreValidation.day(asOf, field: prefix + "as_of") }
        guard Self.riskLevels.contains(churnRiskLevel) else {
            throw StoreError.invalidValue(field: prefix + "churn_risk_level", reason: "'\(churnRiskLevel)' is not one of \(Self.riskLevels.sorted().joined(separator: ", "))")
        }
        if let traceID { try StoreValidation.identifier(traceID, field: prefix + "trace_id", maxLength: 64) }
        if let topChurnFeature { try StoreValidation.identifier(topChurnFeature, field: prefix + "top_churn_feature", maxLength: 128) }
        try StoreValidation.identifier(webhookStatus, field: prefix + "webhook_status", maxLength: 50)
    }
}
