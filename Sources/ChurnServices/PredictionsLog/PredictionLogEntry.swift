import Foundation

/// What the server hands to the predictions log for every served prediction.
public struct PredictionLogEntry: Codable, Sendable, Equatable {
    public var predictionID: String
    public var customerID: String
    public var timestamp: Date
    public var churnProbability: Double
    public var rawProbability: Double
    public var riskLevel: String
    public var modelVersion: String
    public var topChurnFeature: String
    /// The features the prediction used, as JSON (the log is the source of truth; never the text log).
    public var inferenceFeaturesJSON: String
    public var reasonsJSON: String
    public var traceID: String
    public var servedBy: String

    public init(
        predictionID: String, customerID: String, timestamp: Date, churnProbability: Double, rawProbability: Double,
        riskLevel: String, modelVersion: String, topChurnFeature: String, inferenceFeaturesJSON: String, reasonsJSON: String,
        traceID: String, servedBy: String
    ) {
        self.predictionID = predictionID
        self.customerID = customerID
        self.timestamp = timestamp
        self.churnProbability = churnProbability
        self.rawProbability = rawProbability
        self.riskLevel = riskLevel
        self.modelVersion = modelVersion
        self.topChurnFeature = topChurnFeature
        self.inferenceFeaturesJSON = inferenceFeaturesJSON
        self.reasonsJSON = reasonsJSON
        self.traceID = traceID
        self.servedBy = servedBy
    }
}
