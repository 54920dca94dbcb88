import Foundation
import SQLKit

/// Re-seals every encrypted value under the current key (`churnguard keys rotate`): values sealed
/// under the previous key, plain values written before the store had a key, and SQLite's snapshot
/// and log values sealed as text before they were kept as BLOBs. Table by table,
/// a page of rows at a time in key order, each page one transaction that also moves the resume
/// marker in `data_keys`, so an interrupted rotation resumes where it stopped and the server keeps
/// writing meanwhile. When every table is done, older keys are marked `retired` and the rotation
/// is audited (`keys.rotate`).
public struct DataKeyRotation: Sendable {
    let database: StoreDatabase
    let cipher: FieldCipher

    /// One page's worth of progress.
    public struct Progress: Sendable, Equatable {
        public var table: String
        public var scanned: Int
        public var resealed: Int
    }

    /// What a finished rotation did.
    public struct Summary: Sendable, Equatable {
        public var keyID: String
        public var resealed: [String: Int]
        public var retiredKeyIDs: [String]
        /// Whether it continued an interrupted rotation.
        public var resumed: Bool
    }

    public func run(
        actor: String, pageSize: Int = 1_000, at now: Date = Date(), progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Summary {
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        guard let current = cipher.keyring?.current else { throw DataKeyError.rotationWithoutKey }
        let marker = try await DataKeyRegistry(database: database).records().first { $0.keyID == current.id }
        var resumeTable = marker?.rotationTable
        var after = try marker?.rotationAfter.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        let resumed = resumeTable != nil
        var resealed: [String: Int] = [:]
        for table in EncryptedTable.all {
            if let resume = resumeTable {
                guard resume == table.table else { continue }
                resumeTable = nil
            } else {
                after = nil
            }
            var scanned = 0
            var count = 0
            while true {
                let page = try await resealPage(table, after: after, limit: max(1, pageSize), keyID: current.id)
                guard let last = page.lastKey else { break }
                after = last
                scanned += page.scanned
                count += page.resealed
                progress(Progress(table: table.table, scanned: scanned, resealed: count))
            }
            resealed[table.table] = count
        }
        let dialect = database.dialect
        let counts = resealed
        let retired = try await database.withTransaction { db in
            let retired = try await db.raw("""
                UPDATE data_keys SET state = 'retired', retired_at = \(bind: now) WHERE key_id <> \(bind: current.id) AND state <> 'retired'
                RETURNING key_id
                """).all().map { try $0.decode(column: "key_id", as: String.self) }.sorted()
            try await db.raw("""
                UPDATE data_keys SET rotation_table = NULL, rotation_after = NULL WHERE key_id = \(bind: current.id)
                """).run()
            var details: [String: String?] = counts.mapValues { String($0) }
            details["retired"] = retired.joined(separator: ",")
            try await AuditLog.append(
                AuditEntry(actor: actor, action: "keys.rotate", target: "data-key:\(current.id)", at: now, detailsJSON: try AuditLog.detailsJSON(details)),
                dialect: dialect, on: db)
            return retired
        }
        return Summary(keyID: current.id, resealed: resealed, retiredKeyIDs: retired, resumed: resumed)
    }

    /// Re-seals the values of up to `limit` rows after `after` in key order; nil `lastKey` when the
    /// table has no rows left.
    private func resealPage(
        _ table: EncryptedTable, after: [String]?, limit: Int, keyID: String
    ) async throws -> (scanned: Int, resealed: Int, lastKey: [String]?) {
        let dialect = database.dialect
        let cipher = cipher
        return try await database.withTransaction { db in
            let columns = (table.key + ["customer_id"] + table.columns.map(\.column))
            var query: SQLQueryString = "SELECT \(unsafeRaw: Array(Set(columns)).sorted().joined(separator: ", ")) FROM \(unsafeRaw: table.table)"
            if let after {
                query += " WHERE (\(unsafeRaw: table.key.joined(separator: ", "))) > (\(Self.keyValues(table.key, after, dialect)))"
            }
            query += " ORDER BY \(unsafeRaw: table.key.joined(separator: ", ")) LIMIT \(literal: limit)"
            let rows = try await db.raw(query).all()
            var resealed = 0
            var lastKey: [String]?
            for row in rows {
                let key = try table.key.map { try Self.keyText(row, $0, dialect) }
                lastKey = key
                let customerID = try row.decode(column: "customer_id", as: String.self)
                var assignments: [SQLQueryString] = []
                var guards: [SQLQueryString] = []
                for column in table.columns {
                    let form = column.sealedForm(on: dialect)
                    guard let stored = try row.decode(column: column.column, as: StoredCell?.self), !cipher.isCurrent(stored, form: form) else { continue }
                    let sealed = try cipher.seal(try cipher.open(stored, in: column, customerID: customerID), in: column, customerID: customerID, as: form)
                    assignments.append("\(unsafeRaw: column.column) = \(bind: sealed)")
                    // A writer that replaced the value since it was read wins: its value is sealed under the current key.
                    guards.append("\(unsafeRaw: column.column) = \(bind: stored)")
                }
                guard !assignments.isEmpty else { continue }
                let keyMatch = Self.keyMatch(table.key, key, dialect)
                let changed = try await db.raw("""
                    UPDATE \(unsafeRaw: table.table) SET \(assignments.joined(separator: ", "))
                    WHERE \(keyMatch) AND \(guards.joined(separator: " AND ")) RETURNING 1 AS n
                    """).all().count
                resealed += changed
            }
            if let lastKey {
                let marker = String(decoding: try JSONEncoder().encode(lastKey), as: UTF8.self)
                try await db.raw("""
                    UPDATE data_keys SET rotation_table = \(bind: table.table), rotation_after = \(bind: marker) WHERE key_id = \(bind: keyID)
                    """).run()
            }
            return (rows.count, resealed, lastKey)
        }
    }

    /// A key column's value as text (the log's UUID ids in lowercase).
    private static func keyText(_ row: any SQLRow, _ column: String, _ dialect: SQLDialectKind) throws -> String {
        if column == "prediction_id", dialect == .postgres {
            return try row.decode(column: column, as: UUID.self).uuidString.lowercased()
        }
        return try row.decode(column: column, as: String.self)
    }

    private static func keyValue(_ column: String, _ value: String, _ dialect: SQLDialectKind) -> SQLQueryString {
        if column == "prediction_id", dialect == .postgres, let id = UUID(uuidString: value) { return dialect.uuid(id) }
        return "\(bind: value)"
    }

    private static func keyValues(_ columns: [String], _ values: [String], _ dialect: SQLDialectKind) -> SQLQueryString {
        zip(columns, values).map { keyValue($0, $1, dialect) }.joined(separator: ", ")
    }

    private static func keyMatch(_ columns: [String], _ values: [String], _ dialect: SQLDialectKind) -> SQLQueryString {
        zip(columns, values).map { "\(unsafeRaw: $0) = \(keyValue($0, $1, dialect))" as SQLQueryString }.joined(separator: " AND ")
    }
}
