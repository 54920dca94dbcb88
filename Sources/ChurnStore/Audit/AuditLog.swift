import Foundation
import SQLKit

/// The append-only audit log (`audit_log`). There is deliberately no update or delete here, and the
/// database refuses both with a trigger.
public struct AuditLog: Sendable {
    let database: StoreDatabase

    /// Appends `entry` and returns its id.
    @discardableResult
    public func append(_ entry: AuditEntry) async throws -> Int {
        try Self.validate(entry)
        let dialect = database.dialect
        return try await database.withTransaction { db in try await Self.append(entry, dialect: dialect, on: db) }
    }

    /// Entries in append order, after `id` (exclusive), optionally for one target.
    public func entries(after id: Int? = nil, target: String? = nil, limit: Int = 1_000) async throws -> [AuditEntry] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT id, actor, action, target, at, details FROM audit_log WHERE id > \(bind: id ?? 0)"
            if let target { query += " AND target = \(bind: target)" }
            query += " ORDER BY id LIMIT \(bind: limit)"
            return try await db.raw(query).all().map { row in
                AuditEntry(
                    id: try row.decode(column: "id", as: Int.self),
                    actor: try row.decode(column: "actor", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    target: try row.decode(column: "target", as: String.self),
                    at: try row.decode(column: "at", as: Date.self),
                    detailsJSON: try row.decode(column: "details", as: String.self)
                )
            }
        }
    }

    static func validate(_ entry: AuditEntry) throws {
        try StoreValidation.identifier(entry.actor, field: "actor", maxLength: 256)
        try StoreValidation.identifier(entry.action, field: "action", maxLength: 128)
        try StoreValidation.identifier(entry.target, field: "target", maxLength: 512)
    }

    /// Appends within the caller's transaction (used by the registry so a stage change and its audit
    /// line commit together).
    @discardableResult
    static func append(_ entry: AuditEntry, dialect: SQLDialectKind, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("""
            INSERT INTO audit_log (actor, action, target, at, details)
            VALUES (\(bind: entry.actor), \(bind: entry.action), \(bind: entry.target), \(bind: entry.at), \(dialect.json(entry.detailsJSON)))
            RETURNING id
            """).first()
        return try row?.decode(column: "id", as: Int.self) ?? 0
    }

    /// A flat JSON object of string details, nil values left out.
    public static func detailsJSON(_ details: [String: String?]) throws -> String {
        let present = details.compactMapValues { $0 }
        let data = try JSONSerialization.data(withJSONObject: present, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
