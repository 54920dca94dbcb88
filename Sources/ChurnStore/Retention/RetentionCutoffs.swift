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
    /// Campaign candidacies (with their outcomes) of campaigns dated before this day.
    public var candidatesBefore: String?
    /// Retention outcomes observed before this moment (the offer learning forgets them).
    public var outcomesBefore: Date?
    /// Online feature snapshots dated before this day: customers no materialization has seen since.
    public var onlineFeaturesBefore: String?

    public init(
        predictionsBefore: String? = nil, rawActivityBefore: String? = nil, deliveredMessagesBefore: Date? = nil, deadLettersBefore: Date? = nil,
        candidatesBefore: String? = nil, outcomesBefore: Date? = nil, onlineFeaturesBefore: String? = nil
    ) {
        self.predictionsBefore = predictionsBefore
        self.rawActivityBefore = rawActivityBefore
        self.deliveredMessagesBefore = deliveredMessagesBefore
        self.deadLettersBefore = deadLettersBefore
        self.candidatesBefore = candidatesBefore
        self.outcomesBefore = outcomesBefore
        self.onlineFeaturesBefore = onlineFeaturesBefore
    }
}
