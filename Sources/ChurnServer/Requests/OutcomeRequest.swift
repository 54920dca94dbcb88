import ChurnServices
import ChurnStore
import Foundation

/// `POST /api/v1/feedback/outcome`: whether a campaign customer was retained.
struct OutcomeRequest: JSONRequestBody {
    var outcomeID: String
    var campaignID: String
    var customerID: String
    var retained: Bool
    /// `YYYY-MM-DD` or an ISO 8601 time; now when absent.
    var observedAt: String?
    /// Free text about the outcome; sealed at rest with the store's data key.
    var notes: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outcomeID = "outcome_id", campaignID = "campaign_id", customerID = "customer_id", retained, observedAt = "observed_at", notes
    }

    static let fields = Set(CodingKeys.allCases.map(\.rawValue))

    /// The request with its identifiers and notes checked and its time read.
    func validated(now: Date = Date()) throws(APIError) -> (ids: (outcome: String, campaign: String, customer: String), observedAt: Date) {
        let ids = (
            try RequestField.identifier(outcomeID, CodingKeys.outcomeID.rawValue),
            try RequestField.identifier(campaignID, CodingKeys.campaignID.rawValue),
            try RequestField.identifier(customerID, CodingKeys.customerID.rawValue))
        if let problem = OutcomeRecord.notesProblem(notes) { throw APIError.unprocessable(problem, field: CodingKeys.notes.rawValue) }
        guard let observedAt else { return (ids, now) }
        let text = try RequestField.text(observedAt, CodingKeys.observedAt.rawValue, maxLength: 40)
        guard let date = OutcomeCSV.timestamp(text) else {
            throw APIError.unprocessable("'\(text)' is not YYYY-MM-DD or an ISO 8601 time", field: CodingKeys.observedAt.rawValue)
        }
        return (ids, date)
    }
}
