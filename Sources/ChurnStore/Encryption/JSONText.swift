import Foundation

/// JSON checks for values about to be sealed: once sealed, the database can no longer refuse
/// malformed JSON itself, so the store refuses it before sealing, with the same kind of error.
enum JSONText {
    static func validate(_ text: String, field: String) throws {
        guard (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil else {
            throw StoreError.invalidValue(field: field, reason: "is not valid JSON")
        }
    }
}
