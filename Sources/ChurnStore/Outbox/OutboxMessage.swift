import Foundation

/// Where a message is in its life: `pending` (waiting for its next attempt) → `leased` (a worker is
/// sending it) → `delivered`, or `dead` (refused, or out of attempts) until a person replays or purges it.
public enum OutboxState: String, Sendable, CaseIterable, Codable {
    case pending, leased, delivered, dead
}

/// A message to enqueue: the destination's name, what kind of message it is (`retention.action`,
/// `campaign.digest`), the key that makes it unique at that destination and that receivers use to
/// apply it once, and its payload as JSON text.
public struct OutboxMessageDraft: Sendable, Equatable {
    public var destination: String
    public var kind: String
    public var idempotencyKey: String
    public var payloadJSON: String

    public init(destination: String, kind: String, idempotencyKey: String, payloadJSON: String) {
        self.destination = destination
        self.kind = kind
        self.idempotencyKey = idempotencyKey
        self.payloadJSON = payloadJSON
    }
}

/// One outbox row as stored (`outbox_messages`).
public struct OutboxMessage: Sendable, Equatable {
    public var id: Int
    public var destination: String
    public var kind: String
    public var idempotencyKey: String
    public var payloadJSON: String
    public var state: OutboxState
    /// Attempts started so far (a claim starts one).
    public var attempts: Int
    /// When a pending message is due; while leased, when the lease expires.
    public var nextAttemptAt: Date
    public var leaseOwner: String?
    public var leaseUntil: Date?
    /// The HTTP status of the last attempt, nil when it got no answer.
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// What one attempt came to, recorded by the worker that holds the message's lease.
public struct OutboxOutcome: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case delivered
        /// Try again at the given time.
        case retry(at: Date)
        case dead
        /// Not sent after all (the destination is paused): due again at the given time, the claim's
        /// attempt given back.
        case postponed(until: Date)
    }

    public var messageID: Int
    public var result: Result
    public var status: Int?
    public var error: String?

    public init(messageID: Int, result: Result, status: Int? = nil, error: String? = nil) {
        self.messageID = messageID
        self.result = result
        self.status = status
        self.error = error
    }
}

/// How many messages a destination has in each state, and how old its oldest waiting one is.
public struct OutboxDepth: Sendable, Equatable {
    public var destination: String
    public var pending: Int
    public var leased: Int
    public var delivered: Int
    public var dead: Int
    public var oldestWaiting: Date?
}
