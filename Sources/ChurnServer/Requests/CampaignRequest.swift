import ChurnData
import ChurnDecisions

/// `POST /api/v1/campaigns`: plan a campaign from the scores of a day.
struct CampaignRequest: JSONRequestBody {
    /// The scoring day, `YYYY-MM-DD`.
    var asOf: String
    /// A program the server runs; the built-in default when absent.
    var programID: String?
    /// The new campaign's id; one is made when absent.
    var campaignID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case asOf = "as_of", programID = "program_id", campaignID = "campaign_id"
    }

    static let fields = Set(CodingKeys.allCases.map(\.rawValue))

    var day: CalendarDay {
        get throws(APIError) {
            let text = try RequestField.text(asOf, CodingKeys.asOf.rawValue, maxLength: 10)
            guard let day = CalendarDay(text), text.count == 10 else {
                throw APIError.unprocessable("'\(text)' is not a date YYYY-MM-DD", field: CodingKeys.asOf.rawValue)
            }
            return day
        }
    }

    var validCampaignID: String? {
        get throws(APIError) { try campaignID.map { id throws(APIError) in try RequestField.identifier(id, CodingKeys.campaignID.rawValue) } }
    }

    var validProgramID: String {
        get throws(APIError) {
            try programID.map { id throws(APIError) in try RequestField.identifier(id, CodingKeys.programID.rawValue) } ?? RetentionProgram.default.programID
        }
    }
}
