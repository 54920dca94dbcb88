import ChurnStore

/// The body of `POST /admin/dlq/replay` and `/purge`: `{"ids": [1, 2]}` or `{"all": true,
/// "destination": "name"}`.
struct DeadLetterSelectionRequest: JSONRequestBody {
    var ids: [Int]?
    var all: Bool?
    var destination: String?

    static let fields: Set<String> = ["ids", "all", "destination"]

    /// Exactly one of `ids` (1–10,000 of them) or `all: true`; a destination only with `all`.
    var selection: Outbox.Selection {
        get throws(APIError) {
            switch (ids, all) {
            case (let ids?, nil) where !ids.isEmpty && ids.count <= 10_000:
                guard destination == nil else {
                    throw APIError(.unprocessableContent, code: "invalid_field", detail: "destination goes with all, not with ids", field: "destination")
                }
                return .ids(ids)
            case (nil, true?):
                return .all(destination: destination)
            case (let ids?, nil):
                throw APIError(.unprocessableContent, code: "invalid_field", detail: "list 1 to 10,000 ids, not \(ids.count)", field: "ids")
            default:
                throw APIError(.unprocessableContent, code: "invalid_body", detail: "give either ids or all: true, not both or neither", field: "ids")
            }
        }
    }
}
