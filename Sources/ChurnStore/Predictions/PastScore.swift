import Foundation

/// One of a customer's logged scores without its inputs and reasons: what their history shows.
/// Read without touching the log's JSON columns, so a sealed store opens nothing for it.
public struct PastScore: Sendable, Equatable {
    public var churnProbability: Double
    public var churnRiskLevel: String
    public var modelVersion: String
    public var servedBy: ServedBy
    public var predictionTimestamp: Date
    /// The snapshot date of a batch prediction; nil for an online one.
    public var asOf: String?
}
