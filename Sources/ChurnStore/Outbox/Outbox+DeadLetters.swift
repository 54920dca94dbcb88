import Foundation
import SQLKit

/// Dead letters: messages a receiver refused or that ran out of attempts. A replay sends them again
/// with the same idempotency key (so a receiver that did apply one after all still applies it once);
/// a purge deletes them. Both are written to the audit log in the same transaction.
extension Outbox {
    /// Which dead letters an operation covers: the listed ids, or every one (optionally of one destination).
    public enum Selection: Sendable, Equatable {
        case ids([Int])
        case all(destination: String?)
    }

    /// Dead letters in id order, optionally of one destination.
    public func deadLetters(destination: String? = nil, after id: Int = 0, limit: Int = 100) async throws -> [OutboxMessage] {
        try await messages(state: .dead, destination: destination, after: id, limit: limit)
    }

    /// Makes the selected dead letters pending and due now with a fresh attempt budget; returns how many.
    @discardableResult
    public func replay(_ selection: Selection, actor: String, at now: Date = Date()) async throws -> Int {
        try await changeDeadLetters(selection, action: "outbox.replay", actor: actor, at: now) { filter in
            """
            UPDATE outbox_messages SET state = 'pending', attempts = 0, next_attempt_at = \(bind: now), updated_at = \(bind: now)
            WHERE state = 'dead'\(filter)
            RETURNING message_id
            """
        }
    }

    /// Deletes the selected dead letters; returns how many.
    @discardableResult
    public func purge(_ selection: Selection, actor: String, at now: Date = Date()) async throws -> Int {
        try await changeDeadLetters(selection, action: "outbox.purge", actor: actor, at: now) { filter in
            "DELETE FROM outbox_messages WHERE state = 'dead'\(filter) RETURNING message_id"
        }
    }

    private func changeDeadLetters(
        _ selection: Selection, action: String, actor: String, at now: Date,
        statement: @escaping @Sendable (SQLQueryString) -> SQLQueryString
    ) async throws -> Int {
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        let filter: SQLQueryString
        let target: String
        switch selection {
        case .ids(let ids):
            guard !ids.isEmpty else { return 0 }
            filter = " AND message_id IN (\(Self.bindList(ids)))"
            target = "outbox"
        case .all(let destination?):
            filter = " AND destination = \(bind: destination)"
            target = "destination:\(destination)"
        case .all(nil):
            filter = ""
            target = "outbox"
        }
        let dialect = database.dialect
        return try await database.withTransaction { db in
            let changed = try await db.raw(statement(filter)).all().map { try $0.decode(column: "message_id", as: Int.self) }.sorted()
            // The first ids say which; the count says how many.
            let details: [String: String?] = [
                "messages": String(changed.count), "ids": changed.prefix(100).map(String.init).joined(separator: ","),
            ]
            try await AuditLog.append(
                AuditEntry(actor: actor, action: action, target: target, at: now, detailsJSON: try AuditLog.detailsJSON(details)),
                dialect: dialect, on: db)
            return changed.count
        }
    }
}
