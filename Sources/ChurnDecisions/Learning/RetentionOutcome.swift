/// What happened to one customer of a campaign by the end of the outcome window: the feedback
/// that offer learning and lift measurement read.
public struct RetentionOutcome: Sendable, Equatable, Hashable, Codable {
    public var customerID: String
    public var campaignID: String
    public var segment: String
    /// The offer the customer received; `nil` for the holdout (control) group.
    public var offerID: String?
    /// The churn probability the decision was made with.
    public var churnProbability: Double
    /// Whether the customer was still a customer at the end of the window.
    public var retained: Bool

    public init(
        customerID: String, campaignID: String, segment: String, offerID: String?, churnProbability: Double,
        retained: Bool
    ) {
        self.customerID = customerID
        self.campaignID = campaignID
        self.segment = segment
        self.offerID = offerID
        self.churnProbability = churnProbability
        self.retained = retained
    }

    public var isHoldout: Bool { offerID == nil }
}
