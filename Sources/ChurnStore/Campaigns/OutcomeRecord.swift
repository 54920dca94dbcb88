import Foundation

/// What happened to one customer of a campaign, sent back by the business (CRM, billing, a CSV):
/// retained or churned by the end of the outcome window. `outcomeID` is the sender's id and makes
/// sending it again harmless.
public struct OutcomeRecord: Sendable, Equatable {
    public var outcomeID: String
    public var campaignID: String
    public var customerID: String
    public var retained: Bool
    public var observedAt: Date
    public var recordedAt: Date
    public var recordedBy: String
    /// Free text sent with the outcome ("said the price is too high"): personal, so sealed at rest
    /// when the store has a data key.
    public var notes: String?

    /// The longest `notes` accepted, in characters.
    public static let maxNotesLength = 2_000

    /// Why `notes` cannot be kept (too long), nil when they can: the one rule the API, the CSV
    /// reader and the store each report in their own terms. Characters are Unicode scalars, as
    /// JSON Schema's `maxLength` counts them.
    public static func notesProblem(_ notes: String?) -> String? {
        guard let length = notes?.unicodeScalars.count, length > maxNotesLength else { return nil }
        return "\(length) characters, at most \(maxNotesLength) are kept"
    }

    public init(
        outcomeID: String, campaignID: String, customerID: String, retained: Bool, observedAt: Date,
        recordedAt: Date = Date(), recordedBy: String, notes: String? = nil
    ) {
        self.outcomeID = outcomeID
        self.campaignID = campaignID
        self.customerID = customerID
        self.retained = retained
        self.observedAt = observedAt
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.notes = notes
    }

    /// The same outcome: what a replay must match. Times are left out: a sender that leaves
    /// `observed_at` to the server gets a new one on every retry, and the fact is the same. Notes
    /// are left out too: they describe the fact, and the first recorded stay.
    func sameOutcome(as other: OutcomeRecord) -> Bool {
        outcomeID == other.outcomeID && campaignID == other.campaignID && customerID == other.customerID
            && retained == other.retained
    }
}

/// Whether recording an outcome wrote it or found it already recorded.
public enum OutcomeRecording: Sendable, Equatable {
    case recorded
    case alreadyRecorded
}

/// A candidate joined to its outcome: what offer learning and campaign reports read.
public struct CandidateOutcome: Sendable, Equatable {
    public var candidate: CandidateRecord
    public var outcome: OutcomeRecord

    public init(candidate: CandidateRecord, outcome: OutcomeRecord) {
        self.candidate = candidate
        self.outcome = outcome
    }
}
