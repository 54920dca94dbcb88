/// The optional body of `POST /admin/models/{version}/promote` and `POST /admin/models/rollback`:
/// why, for the audit log.
struct StageChangeRequest: JSONRequestBody {
    var reason: String?

    static let fields: Set<String> = ["reason"]

    /// The reason of `request`'s body, if it has one: at most 500 bytes.
    var validReason: String? {
        get throws(APIError) { try reason.map { text throws(APIError) in try RequestField.text(text, "reason", maxLength: 500) } }
    }
}
