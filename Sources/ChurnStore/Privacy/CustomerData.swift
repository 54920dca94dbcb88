import Foundation
import SQLKit

/// Everything about one customer, for their rights of access (``export(customerID:actor:at:)``)
/// and erasure (``erase(customerID:actor:at:)``). Both are one transaction and are audited; the
/// audit lines carry an id of the request and row counts, never the customer's id, because the audit
/// log is append-only and could not forget it.
///
/// Erasure deletes: the raw activity rows, online features, every logged prediction (features,
/// reasons), campaign candidacies and outcomes, what CRMs were last told of their tier, and the
/// customer's outbox messages (any kind whose `data.customer_id` is theirs; pending ones
/// are thereby cancelled; a message a worker holds at that moment may still go once, its outcome
/// then updates nothing). Digests that named the customer among others keep their other lines and
/// say `[erased]` instead. Batch resume markers and coordinated-scoring chunk bounds that happen to
/// be this customer's id move to the preceding customer, which re-scores at most that neighbour
/// (idempotent) on a resume. Error messages of runs and deliveries that mention the id keep their
/// text with `[erased]` in its place (``FreeTextRedaction``). Aggregates (campaign funnels, monitoring reports) hold no ids and stay.
/// The customer joins the erasure list (``ErasureList``), also when nothing was held yet, so a
/// later ingest of the same files leaves them out.
public struct CustomerData: Sendable {
    let database: StoreDatabase
    let erasureList: ErasureList
    /// Opens the encrypted columns, so the customer receives their data, not ciphertext.
    let cipher: FieldCipher

    /// The text an erased customer's id is replaced with where a message must keep its other lines.
    public static let erasedPlaceholder = "[erased]"

    /// Every row about `customerID` as one document; audited as `customer.export`.
    public func export(customerID: String, actor: String, at now: Date = Date()) async throws -> CustomerDataExport {
        try StoreValidation.identifier(customerID, field: "customer_id", maxLength: 128)
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        let dialect = database.dialect
        let cipher = cipher
        return try await database.withTransaction { db in
            var tables: [(name: String, rows: [String])] = []
            for table in CustomerDataTable.all {
                let rows = try await Self.rows(of: table.table, where: "customer_id = \(bind: customerID)", orderBy: table.orderBy, dialect: dialect, on: db)
                tables.append((table.table, try Self.opened(rows, of: table.table, customerID: customerID, cipher: cipher)))
            }
            let messages = try await Self.rows(
                of: "outbox_messages", where: Self.outboxMatch(customerID, dialect: dialect), orderBy: "message_id", dialect: dialect, on: db)
            tables.append(("outbox_messages", messages))
            let export = CustomerDataExport(customerID: customerID, exportedAt: now, tables: tables)
            let details = export.counts.mapValues { String($0) as String? }.merging(["rows": String(export.rowCount)]) { a, _ in a }
            try await AuditLog.append(
                AuditEntry(actor: actor, action: "customer.export", target: "export:\(UUID().uuidString.lowercased())", at: now,
                           detailsJSON: try AuditLog.detailsJSON(details)),
                dialect: dialect, on: db)
            return export
        }
    }

    /// Deletes everything about `customerID` (see the type's documentation) and leaves a
    /// `customer.erase` tombstone in the audit log with the counts. Nothing held, nothing written.
    public func erase(customerID: String, actor: String, at now: Date = Date()) async throws -> CustomerErasure {
        try StoreValidation.identifier(customerID, field: "customer_id", maxLength: 128)
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        let dialect = database.dialect
        return try await database.withTransaction { db in
            var erasure = CustomerErasure(
                erasureID: nil, deleted: [:], cancelledDeliveries: 0, redactedDigests: 0, movedMarkers: 0, redactedErrors: 0, listed: false)
            for table in CustomerDataTable.all {
                erasure.deleted[table.table] = try await db.raw("""
                    DELETE FROM \(unsafeRaw: table.table) WHERE customer_id = \(bind: customerID) RETURNING 1 AS deleted
                    """).all().count
            }
            if dialect == .postgres {
                try await db.raw("DELETE FROM \(unsafeRaw: PredictionsLog.batchKeysTable) WHERE customer_id = \(bind: customerID)").run()
            }
            let states = try await db.raw("""
                DELETE FROM outbox_messages WHERE \(Self.ownMessage(customerID, dialect: dialect))
                RETURNING state
                """).all().map { try $0.decode(column: "state", as: String.self) }
            erasure.deleted["outbox_messages"] = states.count
            erasure.cancelledDeliveries = states.filter { $0 != OutboxState.delivered.rawValue }.count
            erasure.redactedDigests = try await Self.redactDigests(customerID, at: now, dialect: dialect, on: db)
            erasure.movedMarkers = try await Self.moveMarkers(customerID, on: db)
            erasure.redactedErrors = try await FreeTextRedaction.redact(customerID, dialect: dialect, on: db)
            erasure.listed = try await erasureList.add(customerID, at: now, on: db)
            guard erasure.erasedAnything else { return erasure }
            let id = UUID()
            erasure.erasureID = id
            var details = erasure.deleted.mapValues { String($0) as String? }
            details["cancelled_deliveries"] = String(erasure.cancelledDeliveries)
            details["redacted_digests"] = String(erasure.redactedDigests)
            details["moved_markers"] = String(erasure.movedMarkers)
            details["redacted_errors"] = String(erasure.redactedErrors)
            details["listed"] = String(erasure.listed)
            try await AuditLog.append(
                AuditEntry(actor: actor, action: "customer.erase", target: "erasure:\(id.uuidString.lowercased())", at: now,
                           detailsJSON: try AuditLog.detailsJSON(details)),
                dialect: dialect, on: db)
            return erasure
        }
    }

    /// A table's matching rows as JSON object text. SQLite builds the object from the table's own
    /// column list (so new columns are exported too), nesting JSON columns and writing timestamps
    /// (Unix seconds there) as ISO 8601; PostgreSQL's `row_to_json` does both by itself. The
    /// identifiers spliced in are the schema's own, read from the catalog, never input.
    static func rows(
        of table: String, where filter: SQLQueryString, orderBy: String, dialect: SQLDialectKind, on db: any SQLDatabase
    ) async throws -> [String] {
        let select: SQLQueryString
        switch dialect {
        case .postgres:
            select = "SELECT row_to_json(t)::text AS row_json FROM \(unsafeRaw: table) t"
        case .sqlite:
            let columns = try await db.raw("SELECT name, type FROM pragma_table_info(\(bind: table)) ORDER BY cid").all().map {
                (name: try $0.decode(column: "name", as: String.self), type: try $0.decode(column: "type", as: String.self))
            }
            // Encrypted columns are exported as text and opened (and nested) in Swift by `opened`;
            // a JSON object cannot hold a BLOB, so sealed bytes travel as hex (`StoredCell(exported:)`).
            let encrypted = Set(EncryptedTable.named(table)?.columns.map(\.column) ?? [])
            let pairs = columns.map { column -> String in
                let quoted = "\"\(column.name)\""
                let value: String
                if encrypted.contains(column.name) {
                    value = "CASE WHEN typeof(\(quoted)) = 'blob' THEN '\(StoredCell.exportedBytesPrefix)' || hex(\(quoted)) ELSE \(quoted) END"
                } else if CustomerDataTable.jsonColumns.contains(column.name) {
                    value = "json(\(quoted))"
                } else if column.type == "REAL", column.name.hasSuffix("_at") || column.name == "prediction_timestamp" {
                    value = "strftime('%Y-%m-%dT%H:%M:%fZ', \(quoted), 'unixepoch')"
                } else {
                    value = quoted
                }
                return "'\(column.name)', \(value)"
            }
            select = "SELECT json_object(\(unsafeRaw: pairs.joined(separator: ", "))) AS row_json FROM \(unsafeRaw: table)"
        }
        return try await db.raw("\(select) WHERE \(filter) ORDER BY \(unsafeRaw: orderBy)").all()
            .map { try $0.decode(column: "row_json", as: String.self) }
    }

    /// `rows` of `table` with their encrypted columns opened, and those holding JSON nested as
    /// objects again. Rows of tables without encrypted columns are returned as they are.
    static func opened(_ rows: [String], of table: String, customerID: String, cipher: FieldCipher) throws -> [String] {
        guard let encrypted = EncryptedTable.named(table), !rows.isEmpty else { return rows }
        return try rows.map { text in
            guard var row = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return text }
            for column in encrypted.columns {
                guard let stored = row[column.column] as? String else { continue }
                let value = try cipher.open(StoredCell(exported: stored), in: column, customerID: customerID)
                row[column.column] = column.isJSON ? try JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]) : value
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }
    }

    /// The message's `data.customer_id` ('' when it has none, as a digest): whose message it is.
    static func messageCustomer(_ dialect: SQLDialectKind) -> SQLQueryString {
        switch dialect {
        case .sqlite: "COALESCE(json_extract(payload, '$.data.customer_id'), '')"
        case .postgres: "COALESCE(payload #>> '{data,customer_id}', '')"
        }
    }

    /// A message about this customer alone (`retention.action`, `risk.sync`).
    static func ownMessage(_ customerID: String, dialect: SQLDialectKind) -> SQLQueryString {
        "\(messageCustomer(dialect)) = \(bind: customerID)"
    }

    /// A message about others that names this customer in its text (a digest).
    static func namingMessage(_ customerID: String, dialect: SQLDialectKind) -> SQLQueryString {
        let needle = digestNeedle(customerID)
        let contains: SQLQueryString = switch dialect {
        case .sqlite: "instr(payload, \(bind: needle)) > 0"
        case .postgres: "strpos(payload::text, \(bind: needle)) > 0"
        }
        return "\(messageCustomer(dialect)) <> \(bind: customerID) AND \(contains)"
    }

    /// The customer's own messages and any other message naming them.
    static func outboxMatch(_ customerID: String, dialect: SQLDialectKind) -> SQLQueryString {
        "((\(ownMessage(customerID, dialect: dialect))) OR (\(namingMessage(customerID, dialect: dialect))))"
    }

    /// How a digest's text names a customer: in backquotes (`SlackDigest`), as the id appears inside
    /// a JSON string. The quotes keep `cust-1` from matching inside `cust-10`.
    static func digestNeedle(_ customerID: String) -> String {
        "`" + jsonStringContent(customerID) + "`"
    }

    static func jsonStringContent(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static func redactDigests(_ customerID: String, at now: Date, dialect: SQLDialectKind, on db: any SQLDatabase) async throws -> Int {
        let needle = digestNeedle(customerID)
        let replacement = "`\(erasedPlaceholder)`"
        let statement: SQLQueryString = switch dialect {
        case .sqlite:
            """
            UPDATE outbox_messages SET payload = json(replace(payload, \(bind: needle), \(bind: replacement))), updated_at = \(bind: now)
            WHERE \(namingMessage(customerID, dialect: dialect)) RETURNING message_id
            """
        case .postgres:
            """
            UPDATE outbox_messages SET payload = CAST(replace(payload::text, \(bind: needle), \(bind: replacement)) AS JSONB), updated_at = \(bind: now)
            WHERE \(namingMessage(customerID, dialect: dialect)) RETURNING message_id
            """
        }
        return try await db.raw(statement).all().count
    }

    /// Resume markers and chunk bounds are ranges over customer ids; one that is the erased id moves
    /// to the preceding id still in the online store (or the start), which covers the same remaining
    /// customers plus at most that neighbour.
    static func moveMarkers(_ customerID: String, on db: any SQLDatabase) async throws -> Int {
        let predecessor: SQLQueryString = "(SELECT MAX(customer_id) FROM online_features WHERE customer_id < \(bind: customerID))"
        var moved = try await db.raw("""
            UPDATE batch_runs SET last_customer_id = \(predecessor) WHERE last_customer_id = \(bind: customerID) RETURNING run_id
            """).all().count
        for column in ["first_customer_id", "last_customer_id"] {
            moved += try await db.raw("""
                UPDATE score_chunks SET \(unsafeRaw: column) = COALESCE(\(predecessor), '') WHERE \(unsafeRaw: column) = \(bind: customerID)
                RETURNING chunk_no
                """).all().count
        }
        return moved
    }
}
