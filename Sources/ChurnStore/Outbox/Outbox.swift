import Foundation
import SQLKit

/// The delivery outbox (`outbox_messages`): messages enqueued with the change that caused them,
/// claimed by delivery workers under a lease, and recorded attempt by attempt. A claim is
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers share one outbox without waiting on
/// each other; on SQLite the write lock serializes claims (the way `ScoreChunkQueue` claims chunks).
/// A worker that dies holding a lease leaves it to expire, and the message is sent again with the
/// same idempotency key. Dead letters, replays and purges are in `Outbox+DeadLetters.swift`.
public struct Outbox: Sendable {
    let database: StoreDatabase

    /// Seven binds a row keeps a statement far under both engines' bind limits.
    static let rowsPerStatement = 1_000

    static let columns = """
        message_id, destination, kind, idempotency_key, payload, state, attempts, next_attempt_at, \
        lease_owner, lease_until, last_status, last_error, created_at, updated_at
        """

    /// Enqueues `drafts` in a transaction of its own; returns how many were new (a draft whose key
    /// the destination already has is skipped).
    @discardableResult
    public func enqueue(_ drafts: [OutboxMessageDraft], at now: Date = Date()) async throws -> Int {
        try Self.validate(drafts)
        let dialect = database.dialect
        return try await database.withTransaction { db in try await Self.insert(drafts, at: now, dialect: dialect, on: db) }
    }

    /// Claims up to `limit` due messages of `destinations` for `owner` until `now + lease`, oldest
    /// due first, starting an attempt on each.
    public func claim(destinations: [String], owner: String, limit: Int, lease: TimeInterval, now: Date = Date()) async throws -> [OutboxMessage] {
        guard !destinations.isEmpty, limit > 0 else { return [] }
        let until = now.addingTimeInterval(lease)
        let lockClause = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let names = Self.bindList(destinations)
        return try await database.withTransaction { db in
            try await db.raw("""
                UPDATE outbox_messages SET state = 'leased', lease_owner = \(bind: owner), lease_until = \(bind: until),
                    next_attempt_at = \(bind: until), attempts = attempts + 1, updated_at = \(bind: now)
                WHERE message_id IN (
                    SELECT message_id FROM outbox_messages
                    WHERE state IN ('pending', 'leased') AND next_attempt_at <= \(bind: now) AND destination IN (\(names))
                    ORDER BY next_attempt_at, message_id LIMIT \(bind: limit)\(unsafeRaw: lockClause))
                RETURNING \(unsafeRaw: Self.columns)
                """).all().map(Self.decode).sorted { $0.id < $1.id }
        }
    }

    /// Records the outcomes of attempts in one transaction. An outcome for a message no longer
    /// leased (a replay or purge got there first) changes nothing.
    public func record(_ outcomes: [OutboxOutcome], at now: Date = Date()) async throws {
        guard !outcomes.isEmpty else { return }
        try await database.withTransaction { db in
            let delivered = outcomes.filter { $0.result == .delivered }
            var offset = 0
            while offset < delivered.count {
                let page = delivered[offset..<min(offset + 2_000, delivered.count)]
                offset += 2_000
                let ids = Self.bindList(page.map(\.messageID))
                // Delivered messages mostly answer 2xx alike; their status is recorded per status group.
                for (status, group) in Dictionary(grouping: page, by: \.status) {
                    let groupIDs = group.count == page.count ? ids
                        : Self.bindList(group.map(\.messageID))
                    try await db.raw("""
                        UPDATE outbox_messages SET state = 'delivered', last_status = \(bind: status), last_error = NULL,
                            lease_owner = NULL, lease_until = NULL, updated_at = \(bind: now)
                        WHERE message_id IN (\(groupIDs)) AND state = 'leased'
                        """).run()
                }
            }
            for outcome in outcomes where outcome.result != .delivered {
                let error = outcome.error.map { String($0.prefix(2_000)) }
                switch outcome.result {
                case .delivered:
                    break
                case .retry(let at):
                    try await db.raw("""
                        UPDATE outbox_messages SET state = 'pending', next_attempt_at = \(bind: at), last_status = \(bind: outcome.status),
                            last_error = \(bind: error), lease_owner = NULL, lease_until = NULL, updated_at = \(bind: now)
                        WHERE message_id = \(bind: outcome.messageID) AND state = 'leased'
                        """).run()
                case .dead:
                    try await db.raw("""
                        UPDATE outbox_messages SET state = 'dead', last_status = \(bind: outcome.status), last_error = \(bind: error),
                            lease_owner = NULL, lease_until = NULL, updated_at = \(bind: now)
                        WHERE message_id = \(bind: outcome.messageID) AND state = 'leased'
                        """).run()
                case .postponed(let until):
                    try await db.raw("""
                        UPDATE outbox_messages SET state = 'pending', next_attempt_at = \(bind: until),
                            attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                            lease_owner = NULL, lease_until = NULL, updated_at = \(bind: now)
                        WHERE message_id = \(bind: outcome.messageID) AND state = 'leased'
                        """).run()
                }
            }
        }
    }

    /// One message by id.
    public func message(id: Int) async throws -> OutboxMessage? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM outbox_messages WHERE message_id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// Messages in id order, optionally of one state and destination (for reports and tests).
    public func messages(state: OutboxState? = nil, destination: String? = nil, after id: Int = 0, limit: Int = 1_000) async throws -> [OutboxMessage] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM outbox_messages WHERE message_id > \(bind: id)"
            if let state { query += " AND state = \(bind: state.rawValue)" }
            if let destination { query += " AND destination = \(bind: destination)" }
            query += " ORDER BY message_id LIMIT \(bind: limit)"
            return try await db.raw(query).all().map(Self.decode)
        }
    }

    /// Messages per destination and state, with the oldest waiting (pending or leased) message's creation time.
    public func depth() async throws -> [OutboxDepth] {
        try await database.withConnection { db in
            var byDestination: [String: OutboxDepth] = [:]
            for row in try await db.raw("""
                SELECT destination, state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox_messages GROUP BY destination, state
                """).all() {
                let name = try row.decode(column: "destination", as: String.self)
                let count = try row.decode(column: "n", as: Int.self)
                var depth = byDestination[name] ?? OutboxDepth(destination: name, pending: 0, leased: 0, delivered: 0, dead: 0)
                switch OutboxState(rawValue: try row.decode(column: "state", as: String.self)) {
                case .pending?: depth.pending = count
                case .leased?: depth.leased = count
                case .delivered?: depth.delivered = count
                case .dead?: depth.dead = count
                case nil: break
                }
                if let oldest = try row.decode(column: "oldest", as: Date?.self),
                   ["pending", "leased"].contains(try row.decode(column: "state", as: String.self)) {
                    depth.oldestWaiting = min(depth.oldestWaiting ?? oldest, oldest)
                }
                byDestination[name] = depth
            }
            return byDestination.values.sorted { $0.destination < $1.destination }
        }
    }

    /// When the next message of `destinations` that is pending or leased comes due; nil when none waits.
    public func nextDue(destinations: [String]) async throws -> Date? {
        guard !destinations.isEmpty else { return nil }
        let names = Self.bindList(destinations)
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT MIN(next_attempt_at) AS due FROM outbox_messages
                WHERE state IN ('pending', 'leased') AND destination IN (\(names))
                """).first()?.decode(column: "due", as: Date?.self)
        }
    }

    /// Marks a destination disabled (a receiver answered 410 Gone): its messages wait until it is enabled again.
    public func disableDestination(_ name: String, reason: String, at now: Date = Date()) async throws {
        try StoreValidation.identifier(name, field: "destination", maxLength: 128)
        try await database.withTransaction { db in
            try await db.raw("DELETE FROM delivery_destinations WHERE destination = \(bind: name)").run()
            try await db.raw("""
                INSERT INTO delivery_destinations (destination, disabled_at, disabled_reason) VALUES (\(bind: name), \(bind: now), \(bind: reason))
                """).run()
        }
    }

    /// Enables a disabled destination again, recording who did it in the audit log.
    public func enableDestination(_ name: String, actor: String, at now: Date = Date()) async throws {
        let dialect = database.dialect
        try await database.withTransaction { db in
            try await db.raw("DELETE FROM delivery_destinations WHERE destination = \(bind: name)").run()
            try await AuditLog.append(
                AuditEntry(actor: actor, action: "delivery.enable", target: "destination:\(name)", at: now), dialect: dialect, on: db)
        }
    }

    /// Disabled destinations and why.
    public func disabledDestinations() async throws -> [String: String] {
        try await database.withConnection { db in
            var disabled: [String: String] = [:]
            for row in try await db.raw("SELECT destination, disabled_reason FROM delivery_destinations WHERE disabled_at IS NOT NULL").all() {
                disabled[try row.decode(column: "destination", as: String.self)] = try row.decode(column: "disabled_reason", as: String?.self) ?? ""
            }
            return disabled
        }
    }

    /// Inserts within the caller's transaction (a campaign's candidates and its messages commit together).
    @discardableResult
    static func insert(_ drafts: [OutboxMessageDraft], at now: Date, dialect: SQLDialectKind, on db: any SQLDatabase) async throws -> Int {
        var inserted = 0
        var offset = 0
        while offset < drafts.count {
            let page = drafts[offset..<min(offset + rowsPerStatement, drafts.count)]
            offset += rowsPerStatement
            let values = page.map { m -> SQLQueryString in
                "(\(bind: m.destination), \(bind: m.kind), \(bind: m.idempotencyKey), \(dialect.json(m.payloadJSON)), 'pending', 0, \(bind: now), \(bind: now), \(bind: now))"
            }
            inserted += try await db.raw("""
                INSERT INTO outbox_messages (destination, kind, idempotency_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT (destination, idempotency_key) DO NOTHING
                RETURNING message_id
                """).all().count
        }
        return inserted
    }

    /// `?, ?, …`: each value bound, for an `IN (…)` list.
    static func bindList<Value: Encodable & Sendable>(_ values: [Value]) -> SQLQueryString {
        values.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
    }

    static func validate(_ drafts: [OutboxMessageDraft]) throws {
        for (index, draft) in drafts.enumerated() {
            try StoreValidation.identifier(draft.destination, field: "messages[\(index)].destination", maxLength: 128)
            try StoreValidation.identifier(draft.kind, field: "messages[\(index)].kind", maxLength: 64)
            try StoreValidation.identifier(draft.idempotencyKey, field: "messages[\(index)].idempotency_key", maxLength: 512)
        }
    }

    static func decode(_ row: any SQLRow) throws -> OutboxMessage {
        let state = try row.decode(column: "state", as: String.self)
        guard let parsed = OutboxState(rawValue: state) else {
            throw StoreError.invalidValue(field: "outbox_messages.state", reason: "unknown state '\(state)'")
        }
        return OutboxMessage(
            id: try row.decode(column: "message_id", as: Int.self),
            destination: try row.decode(column: "destination", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String.self),
            payloadJSON: try row.decode(column: "payload", as: String.self),
            state: parsed,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date.self),
            leaseOwner: try row.decode(column: "lease_owner", as: String?.self),
            leaseUntil: try row.decode(column: "lease_until", as: Date?.self),
            lastStatus: try row.decode(column: "last_status", as: Int?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
