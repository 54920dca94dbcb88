import ChurnStore
import Foundation

/// The predictions log in ``ChurnStore`` as the writer's database side.
public struct StorePredictionLog: PredictionLogStore {
    private let store: ChurnStore

    public init(store: ChurnStore) {
        self.store = store
    }

    public func insertPredictions(_ entries: [PredictionLogEntry]) async throws {
        let records = try entries.map { entry in
            guard let predictionID = UUID(uuidString: entry.predictionID) else {
                throw InvalidPredictionLogEntry(predictionID: entry.predictionID, reason: "prediction_id is not a UUID")
            }
            guard let servedBy = ServedBy(rawValue: entry.servedBy) else {
                throw InvalidPredictionLogEntry(predictionID: entry.predictionID, reason: "served_by '\(entry.servedBy)' is not production, shadow or canary")
            }
            return PredictionRecord(
                predictionID: predictionID, customerID: entry.customerID,
                predictionTimestamp: entry.timestamp, asOf: nil, churnProbability: entry.churnProbability,
                churnRiskLevel: entry.riskLevel, modelVersion: entry.modelVersion,
                servedBy: servedBy, traceID: entry.traceID,
                rawProbability: entry.rawProbability, topChurnFeature: entry.topChurnFeature, reasonsJSON: entry.reasonsJSON,
                inferenceFeaturesJSON: entry.inferenceFeaturesJSON)
        }
        // The features and reasons come from our own JSON writers: no need to parse them again.
        try await store.predictionsLog.append(records, jsonIsValid: true)
    }
}

/// An entry the predictions log cannot hold as it is. Never retried: it would fail the same way.
public struct InvalidPredictionLogEntry: Error, Sendable, CustomStringConvertible {
    public var predictionID: String
    public var reason: String

    public var description: String { "prediction \(predictionID.prefix(64)): \(reason)" }
}
