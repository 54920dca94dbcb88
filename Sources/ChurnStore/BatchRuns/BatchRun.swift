import Foundation

public enum BatchRunStatus: String, Sendable, CaseIterable, Codable {
    case running
    case succeeded
    case failed

    public init(parsing value: String) throws {
        guard let status = BatchRunStatus(rawValue: value) else { throw StoreError.unknownBatchRunStatus(value) }
        self = status
    }
}

/// One batch scoring run: which snapshot date and model, how far it got (`lastCustomerID`, the resume
/// marker: customers are scored in ascending id order) and how many new predictions it logged.
public struct BatchRun: Sendable, Equatable {
    public var runID: UUID
    public var asOf: String
    public var modelVersion: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: BatchRunStatus
    public var scored: Int
    public var lastCustomerID: String?
    public var error: String?
}

/// Where a batch run stands after a chunk of predictions: passed to `PredictionsLog.insert` so the marker
/// and the predictions commit together.
public struct BatchProgress: Sendable, Equatable {
    public var runID: UUID
    /// The highest customer id in the chunk; a resumed run continues after it.
    public var lastCustomerID: String

    public init(runID: UUID, lastCustomerID: String) {
        self.runID = runID
        self.lastCustomerID = lastCustomerID
    }
}
