import ChurnModel
import ChurnStore
import Foundation

extension PredictionLogEntry {
    /// The log entry for one prediction of the serving set, under the role that made it.
    public init(_ prediction: ChurnPrediction, predictionID: String, timestamp: Date, featuresJSON: String, traceID: String, servedBy: ServedBy) {
        self.init(
            predictionID: predictionID, customerID: prediction.customerID, timestamp: timestamp,
            churnProbability: prediction.churnProbability, rawProbability: prediction.rawProbability,
            riskLevel: prediction.riskLevel.rawValue, modelVersion: prediction.modelVersion, topChurnFeature: prediction.topChurnFeature,
            inferenceFeaturesJSON: featuresJSON, reasonsJSON: ReasonsJSON.encode(prediction.reasons), traceID: traceID,
            servedBy: servedBy.rawValue)
    }
}
