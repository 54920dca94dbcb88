/// `POST /api/v1/feedback/outcome`: the outcome as recorded (201), or as it already was (200).
struct OutcomeRecorded: Encodable, Sendable {
    var outcomeID: String
    var campaignID: String
    var customerID: String
    var retained: Bool
    /// `recorded` or `already_recorded`.
    var status: String

    enum CodingKeys: String, CodingKey {
        case retained, status, outcomeID = "outcome_id", campaignID = "campaign_id", customerID = "customer_id"
    }
}
