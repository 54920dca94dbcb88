import ChurnData
import ChurnStore
import Foundation

/// One dead letter as `GET /admin/dlq` lists it: where it was going, what it was, how it ended.
struct DeadLetterBody: Encodable, Sendable {
    var id: Int
    var destination: String
    var kind: String
    var idempotencyKey: String
    var attempts: Int
    @EncodesNull var lastStatus: Int?
    @EncodesNull var lastError: String?
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, destination, kind, attempts
        case idempotencyKey = "idempotency_key", lastStatus = "last_status", lastError = "last_error"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ message: OutboxMessage) {
        id = message.id
        destination = message.destination
        kind = message.kind
        idempotencyKey = message.idempotencyKey
        attempts = message.attempts
        lastStatus = message.lastStatus
        lastError = message.lastError
        createdAt = UTCTimestamp.string(message.createdAt)
        updatedAt = UTCTimestamp.string(message.updatedAt)
    }
}

struct DeadLetterPage: Encodable, Sendable {
    var deadLetters: [DeadLetterBody]
    /// The id to pass as `after` for the next page; null on the last one.
    @EncodesNull var next: Int?

    enum CodingKeys: String, CodingKey {
        case deadLetters = "dead_letters", next
    }
}

struct DeadLettersChanged: Encodable, Sendable {
    var replayed: Int?
    var purged: Int?
}
