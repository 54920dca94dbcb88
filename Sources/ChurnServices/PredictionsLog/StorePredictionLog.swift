import ChurnStore
import Foundation

/// The predictions log in ``ChurnStore`` as the writer's database side.
public struct StorePredictionLog: PredictionLogStore {
    private let store: ChurnStore

    public init(store: ChurnStore) {
        self.store = store
    }

    public func insertPredictions(_ entries: [PredictionLogEntry]) async throws {
        let records = entries.map { entry in
            PredictionRecord(
                predictionID: UUID(uuidString: entry.predictionID) ?? UUID(), customerID: entry.customerID,
                predictionTimestamp: entry.timestamp, asOf: nil, churnProbability: entry.churnProbability,
                churnRiskLevel: entry.riskLevel, modelVersion: entry.modelVersion,
                servedBy: ServedBy(rawValue: entry.servedBy) ?? .production, traceID: entry.traceID,
                rawProbability: entry.rawProbability, topChurnFeature: entry.topChurnFeature, reasonsJSON: entry.reasonsJSON,
                inferenceFeaturesJSON: entry.inferenceFeaturesJSON)
        }
        // The features and reasons come from our own JSON writers: no need to parse them again.
        try await store.predictionsLog.append(records, jsonIsValid: true)
    }
}
