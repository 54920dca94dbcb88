import Foundation

/// How far back each kind of personal data is kept: rows older than a cutoff are purged by
/// ``RetentionPurge``. A nil cutoff keeps that kind forever.
public struct RetentionCutoffs: Sendable, Equatable {
    /// Logged predictions (their features and reasons) made before this day, `YYYY-MM-DD`.
    public var predictionsBefore: String?
    /// Raw activity (engagement days, transactions, support tickets, subscription changes) before this day.
    public var rawActivityBefore: String?
    /// Delivered outbox messages created before this moment.
    public var deliveredMessagesBefore: Date?
    /// Dead letters created before this moment.
    public var deadLettersBefore: Date?

    public init(predictionsBefore: String? = nil, rawActivityBefore: String? = nil, deliveredMessagesBefore: Date? = nil, deadLettersBefore: Date? = nil) {
        self.predictionsBefore = predictionsBefore
        self.rawActivityBefore = rawActivityBefore
        self.deliveredMessagesBefore = deliveredMessagesBefore
        self.deadLettersBefore = deadLettersBefore
    }
}
