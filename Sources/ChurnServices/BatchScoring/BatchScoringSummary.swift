import ChurnModel
import Foundation

/// What a batch scoring run did: how many customers it scored, how many predictions were new and how
/// many a previous (crashed or repeated) run had already logged, the served tiers and the time taken.
public struct BatchScoringSummary: Sendable, Equatable {
    public var runID: UUID
    public var asOf: String
    public var modelVersion: String
    /// Whether the run continued an unfinished one.
    public var resumed: Bool
    /// Customers scored in this invocation (after the resume point).
    public var customers = 0
    /// Predictions this invocation logged.
    public var newPredictions = 0
    /// Predictions that were already in the log (same customer, as_of, model, role).
    public var alreadyLogged = 0
    /// Online-store snapshots of another date, not scored (customers not active at `asOf`, or re-ingested later).
    public var skippedOtherDates = 0
    /// Served tiers (production or canary) of the customers scored in this invocation.
    public var tiers: [RiskLevel: Int] = [:]
    public var servedByCanary = 0
    public var shadowPredictions = 0
    public var seconds: Double = 0

    public init(runID: UUID, asOf: String, modelVersion: String, resumed: Bool) {
        self.runID = runID
        self.asOf = asOf
        self.modelVersion = modelVersion
        self.resumed = resumed
    }

    public var customersPerSecond: Double { seconds > 0 ? Double(customers) / seconds : 0 }
}
