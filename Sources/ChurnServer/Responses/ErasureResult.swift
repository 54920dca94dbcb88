import ChurnStore

/// The body of `POST /admin/customers/{id}/erase`: what was erased, by table, and the tombstone's
/// id (null when nothing was held). It carries no personal data.
struct ErasureResult: Encodable, Sendable {
    var erased: Bool
    @EncodesNull var erasure_id: String?
    var rows_deleted: Int
    var deleted: [String: Int]
    var cancelled_deliveries: Int
    var redacted_digests: Int
    var redacted_errors: Int

    init(_ erasure: CustomerErasure) {
        erased = erasure.erasureID != nil
        erasure_id = erasure.erasureID.map { $0.uuidString.lowercased() }
        rows_deleted = erasure.rowsDeleted
        deleted = erasure.deleted
        cancelled_deliveries = erasure.cancelledDeliveries
        redacted_digests = erasure.redactedDigests
        redacted_errors = erasure.redactedErrors
    }
}
