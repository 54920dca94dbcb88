import Foundation

/// One planned campaign: which program ran on which snapshot date, when its candidates expire, and a
/// JSON summary (funnel, segments, expected value) the caller writes and reads back as it likes.
public struct CampaignRecord: Sendable, Equatable {
    public var campaignID: String
    public var programID: String
    /// The snapshot date the campaign was planned from, `YYYY-MM-DD`.
    public var asOf: String
    public var createdAt: Date
    /// When its candidates stop being actionable (the program's candidate TTL).
    public var expiresAt: Date
    public var createdBy: String
    /// Candidates to contact (the holdout not included).
    public var candidates: Int
    public var holdout: Int
    public var summaryJSON: String

    public init(
        campaignID: String, programID: String, asOf: String, createdAt: Date = Date(), expiresAt: Date,
        createdBy: String, candidates: Int, holdout: Int, summaryJSON: String = "{}"
    ) {
        self.campaignID = campaignID
        self.programID = programID
        self.asOf = asOf
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.createdBy = createdBy
        self.candidates = candidates
        self.holdout = holdout
        self.summaryJSON = summaryJSON
    }
}
