import Foundation

/// What erasing one customer did (GDPR article 17). `erasureID` names the audit tombstone; it is nil
/// when the customer was erased before and nothing about them has been stored since, and then
/// nothing was written (erasing twice is a no-op). No field carries the customer's id or data, so this can be logged and returned as is.
public struct CustomerErasure: Sendable, Equatable {
    public var erasureID: UUID?
    /// Rows deleted per table (`outbox_messages` counts the customer's action messages).
    public var deleted: [String: Int]
    /// Of the deleted outbox messages, those not yet delivered: deliveries cancelled.
    public var cancelledDeliveries: Int
    /// Campaign digests (Slack) that named the customer, now naming `[erased]` instead.
    public var redactedDigests: Int
    /// Batch resume markers and scoring-chunk bounds that named the customer, moved to a neighbour.
    public var movedMarkers: Int
    /// Error messages of batch runs, jobs and deliveries that mentioned the customer, now saying `[erased]` there.
    public var redactedErrors: Int
    /// The customer joined the erasure list now (false: they were on it already).
    public var listed: Bool

    public var rowsDeleted: Int { deleted.values.reduce(0, +) }
    public var erasedAnything: Bool { listed || rowsDeleted + redactedDigests + movedMarkers + redactedErrors > 0 }
}
