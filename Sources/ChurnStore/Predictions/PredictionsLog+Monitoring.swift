import Foundation
import SQLKit

/// A logged prediction as monitoring reads it: the probability and the inputs the model saw.
public struct MonitoredPrediction: Sendable, Equatable {
    public var customerID: String
    public var churnProbability: Double
    public var inferenceFeaturesJSON: String

    public init(customerID: String, churnProbability: Double, inferenceFeaturesJSON: String) {
        self.customerID = customerID
        self.churnProbability = churnProbability
        self.inferenceFeaturesJSON = inferenceFeaturesJSON
    }
}

extension PredictionsLog {
    /// The latest prediction of `modelVersion` per customer for the snapshot date `asOf`, whatever
    /// role the model had (production, canary or shadow: each is monitored against its own
    /// reference), in customer order. Uses the batch index `(as_of, model_version, served_by)`.
    public func monitoringWindow(asOf: String, modelVersion: String) async throws -> [MonitoredPrediction] {
        try StoreValidation.day(asOf, field: "as_of")
        let cipher = cipher
        return try await database.withConnection { db in
            var latest: [String: (prediction: MonitoredPrediction, at: Date)] = [:]
            for row in try await db.raw("""
                SELECT customer_id, churn_probability, inference_features, prediction_timestamp FROM predictions_log
                WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion)
                """).all() {
                let customerID = try row.decode(column: "customer_id", as: String.self)
                let prediction = MonitoredPrediction(
                    customerID: customerID,
                    churnProbability: try row.decode(column: "churn_probability", as: Double.self),
                    inferenceFeaturesJSON: try cipher.open(
                        try row.decode(column: "inference_features", as: StoredCell.self), in: .inferenceFeatures, customerID: customerID))
                let at = try row.decode(column: "prediction_timestamp", as: Date.self)
                if let seen = latest[prediction.customerID], seen.at >= at { continue }
                latest[prediction.customerID] = (prediction, at)
            }
            return latest.values.map(\.prediction).sorted { $0.customerID < $1.customerID }
        }
    }
}
