import Foundation
import PostgresKit
import SQLiteKit
import SQLKit

/// The raw activity tables in the store (`raw_*`), loaded by `churnguard ingest` so that the database
/// holds what the features were computed from, and later outcomes (churn events) can be joined to
/// the predictions made before them.
public struct RawTableStore: Sendable {
    let database: StoreDatabase
    /// Rows of erased customers are skipped (a re-ingest does not bring them back).
    let erasureList: ErasureList
    /// Seals the personal columns (`RawTableSpec.encrypted`) when the store has a data key.
    let cipher: FieldCipher

    /// Inserts `rows` (cells in `spec.columns` order; nil for an empty cell) in one transaction, skipping
    /// rows whose key is already stored. Returns how many were new.
    @discardableResult
    public func insert(_ rows: [[String?]], into spec: RawTableSpec) async throws -> Int {
        for (index, row) in rows.enumerated() where row.count != spec.columns.count {
            throw StoreError.invalidValue(field: "\(spec.table)[\(index)]", reason: "\(row.count) cells, expected \(spec.columns.count)")
        }
        return try await insert(RawTableColumns(rows: rows, columnCount: spec.columns.count), into: spec)
    }

    /// Inserts a batch held column by column (ingest's form) in one transaction, skipping rows whose
    /// key is already stored, and rows of erased customers. Returns how many were new.
    @discardableResult
    public func insert(_ batch: RawTableColumns, into spec: RawTableSpec) async throws -> Int {
        guard batch.columns.count == spec.columns.count else {
            throw StoreError.invalidValue(field: spec.table, reason: "\(batch.columns.count) columns, expected \(spec.columns.count)")
        }
        try Self.checkKeys(batch, spec: spec)
        let batch = try sealed(batch, spec: spec)
        let customerPosition = spec.columns.firstIndex(of: "customer_id")
        let list = erasureList
        if database.dialect == .postgres {
            // Two chunks are written at once on PostgreSQL (``concurrentWriters``); should both hold
            // the same two keys in opposite orders, the server aborts one as a deadlock, and writing
            // it again adds what the other did not.
            var attempt = 1
            while true {
                do {
                    return try await database.withTransaction { db in
                        let batch = try await Self.withoutErased(batch, customerPosition: customerPosition, list: list, on: db)
                        return try await Self.insertUnnest(batch, into: spec, on: db)
                    }
                } catch let error as PSQLError where attempt < 4 && error.serverInfo?[.sqlState] == "40P01" {  // deadlock_detected
                    attempt += 1
                }
            }
        }
        return try await database.withSQLiteTransaction { connection in
            let batch = try await Self.withoutErased(batch, customerPosition: customerPosition, list: list, on: connection.sql(queryLogLevel: nil))
            return try await Self.insertValues(batch, into: spec, on: connection)
        }
    }

    /// How many chunks ingest may write at once: PostgreSQL takes each on its own connection and
    /// server process (one process inserting is the limit of a copy there); SQLite has one writer.
    public var concurrentWriters: Int { database.dialect == .postgres ? 2 : 1 }

    /// Bytes of CSV ingest parses into one batch: on PostgreSQL a megabyte (each `UNNEST` column
    /// then stays within the server's default `work_mem` instead of spilling to a temporary file, and
    /// the two writers share the work more evenly); on SQLite four, one transaction each.
    public var batchBytes: Int { database.dialect == .postgres ? 1 << 20 : 4 << 20 }

    /// Every key cell present and at most 128 bytes. The error names the first offending row (and
    /// its first offending key column), as a row-by-row check would.
    static func checkKeys(_ batch: RawTableColumns, spec: RawTableSpec) throws {
        var first: (row: Int, key: Int)?
        for (key, column) in spec.key.enumerated() {
            let cells = batch.columns[spec.columns.firstIndex(of: column)!]
            let limit = first?.row ?? cells.count
            for row in 0..<limit {
                guard let cell = cells[row], !cell.isEmpty, cell.utf8.count <= 128 else {
                    if first == nil || row < first!.row || (row == first!.row && key < first!.key) { first = (row, key) }
                    break
                }
            }
        }
        guard let first else { return }
        let column = spec.key[first.key]
        let value = batch.columns[spec.columns.firstIndex(of: column)!][first.row]
        let field = "\(spec.table)[\(first.row)].\(column)"
        guard let value, !value.isEmpty else {
            throw StoreError.invalidValue(field: field, reason: "a key column must not be empty")
        }
        try StoreValidation.identifier(value, field: field, maxLength: 128)
    }

    /// `batch` with its personal cells sealed, each under its row's customer.
    func sealed(_ batch: RawTableColumns, spec: RawTableSpec) throws -> RawTableColumns {
        guard cipher.encrypts, let cells = spec.sealedCells else { return batch }
        var batch = batch
        let customers = batch.columns[cells.customer]
        for (column, position) in cells.columns {
            try batch.transform(column: position) { row, cell in
                try cipher.seal(cell, in: column, customerID: customers[row] ?? "")
            }
        }
        return batch
    }

    /// `batch` without the rows of erased customers (the list is read once per batch).
    static func withoutErased(
        _ batch: RawTableColumns, customerPosition: Int?, list: ErasureList, on db: any SQLDatabase
    ) async throws -> RawTableColumns {
        guard let customerPosition else { return batch }
        let customers = batch.columns[customerPosition]
        let kept = try await list.withoutErased(Array(customers.indices), customerID: { customers[$0] }, on: db)
        return batch.keeping(kept)
    }

    /// SQLite: multi-row VALUES, as many rows as the bind limit allows, bound as `SQLiteData` straight
    /// from the batch; `total_changes()` before and after says how many rows the statements added
    /// (skipped conflicts add none).
    static func insertValues(_ batch: RawTableColumns, into spec: RawTableSpec, on connection: SQLiteConnection) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        let before = try await totalChanges(connection)
        let width = spec.columns.count
        let perStatement = max(1, SQLDialectKind.maxBindsPerStatement / width)
        let full = valuesStatement(spec, rows: perStatement)
        let columns = batch.columns
        var offset = 0
        while offset < batch.count {
            let rows = min(perStatement, batch.count - offset)
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows * width)
            for row in offset..<(offset + rows) {
                for column in 0..<width {
                    if let cell = columns[column][row] { binds.append(.text(cell)) } else { binds.append(.null) }
                }
            }
            _ = try await connection.query(rows == perStatement ? full : valuesStatement(spec, rows: rows), binds)
            offset += rows
        }
        return try await totalChanges(connection) - before
    }

    /// `INSERT … VALUES (?, …), … ON CONFLICT DO NOTHING` for `rows` rows: placeholders only, every
    /// value is a bind.
    static func valuesStatement(_ spec: RawTableSpec, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: spec.columns.count).joined(separator: ", ") + ")"
        var sql = "INSERT INTO \(spec.table) (\(spec.columns.joined(separator: ", "))) VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * (row.utf8.count + 2) + 32)
        for index in 0..<rows {
            if index > 0 { sql += ", " }
            sql += row
        }
        sql += " ON CONFLICT DO NOTHING"
        return sql
    }

    private static func totalChanges(_ connection: SQLiteConnection) async throws -> Int {
        try await connection.query("SELECT total_changes() AS n", []).first?.column("n")?.integer.map { Int($0) } ?? 0
    }

    /// PostgreSQL: one text array per column, zipped back into rows by `UNNEST`, in one statement
    /// that answers how many rows it added.
    static func insertUnnest(_ batch: RawTableColumns, into spec: RawTableSpec, on db: any SQLDatabase) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        let arrays: [SQLQueryString] = batch.columns.map { "\(bind: PostgresArrayBind($0))" }
        let names = spec.columns.joined(separator: ", ")
        return try await db.raw("""
            WITH added AS (
                INSERT INTO \(unsafeRaw: spec.table) (\(unsafeRaw: names))
                SELECT * FROM UNNEST(\(arrays.joined(separator: ", "))) AS u(\(unsafeRaw: names))
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT COUNT(*) AS n FROM added
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func count(_ spec: RawTableSpec) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: spec.table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The day (`YYYY-MM-DD`) each churned customer left, the earliest if several.
    public func churnDays() async throws -> [String: String] {
        try await database.withConnection { db in
            var days: [String: String] = [:]
            for row in try await db.raw("SELECT customer_id, MIN(churned_at) AS churned_at FROM raw_churn_events GROUP BY customer_id").all() {
                let at = try row.decode(column: "churned_at", as: String.self)
                days[try row.decode(column: "customer_id", as: String.self)] = String(at.prefix(10))
            }
            return days
        }
    }

    /// The last day (`YYYY-MM-DD`) any loaded activity happened on, or nil when nothing is loaded.
    public func lastActivityDay() async throws -> String? {
        try await database.withConnection { db in
            var last: String?
            for query: SQLQueryString in [
                "SELECT MAX(date) AS day FROM raw_engagement_daily",
                "SELECT MAX(occurred_at) AS day FROM raw_transactions",
                "SELECT MAX(churned_at) AS day FROM raw_churn_events",
            ] {
                if let day = try await db.raw(query).first()?.decode(column: "day", as: String?.self) {
                    let date = String(day.prefix(10))
                    if last == nil || date > last! { last = date }
                }
            }
            return last
        }
    }
}
