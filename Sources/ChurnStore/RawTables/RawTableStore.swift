import Foundation
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
        let keyPositions = spec.key.map { (column: $0, position: spec.columns.firstIndex(of: $0)!) }
        for (index, row) in rows.enumerated() {
            guard row.count == spec.columns.count else {
                throw StoreError.invalidValue(field: "\(spec.table)[\(index)]", reason: "\(row.count) cells, expected \(spec.columns.count)")
            }
            for (column, position) in keyPositions {
                let value = row[position]
                guard let value, !value.isEmpty else {
                    throw StoreError.invalidValue(field: "\(spec.table)[\(index)].\(column)", reason: "a key column must not be empty")
                }
                try StoreValidation.identifier(value, field: "\(spec.table)[\(index)].\(column)", maxLength: 128)
            }
        }
        let perStatement = max(1, SQLDialectKind.maxBindsPerStatement / spec.columns.count)
        let customerPosition = spec.columns.firstIndex(of: "customer_id")
        let rows = try sealed(rows, spec: spec)
        let list = erasureList
        let dialect = database.dialect
        return try await database.withTransaction { db in
            let rows = try await list.withoutErased(rows, customerID: { row in customerPosition.flatMap { row[$0] } }, on: db)
            if dialect == .postgres {
                return try await Self.insertUnnest(rows[...], into: spec, on: db)
            }
            var inserted = 0
            var offset = 0
            while offset < rows.count {
                let slice = rows[offset..<min(offset + perStatement, rows.count)]
                offset += perStatement
                inserted += try await Self.insertValues(slice, into: spec, on: db)
            }
            return inserted
        }
    }

    /// `rows` with their personal cells sealed, each under its row's customer.
    func sealed(_ rows: [[String?]], spec: RawTableSpec) throws -> [[String?]] {
        guard cipher.encrypts, let cells = spec.sealedCells else { return rows }
        var rows = rows
        for index in rows.indices {
            let customerID = rows[index][cells.customer] ?? ""
            for (column, position) in cells.columns {
                rows[index][position] = try cipher.seal(rows[index][position], in: column, customerID: customerID)
            }
        }
        return rows
    }

    /// SQLite: multi-row VALUES, as many rows as the bind limit allows; `changes()` says how many the
    /// statement added (RETURNING would hand back a row per new row).
    static func insertValues(_ rows: ArraySlice<[String?]>, into spec: RawTableSpec, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            INSERT INTO \(unsafeRaw: spec.table) (\(unsafeRaw: spec.columns.joined(separator: ", ")))
            VALUES \(RawValuesList(rows: rows))
            ON CONFLICT DO NOTHING
            """).run()
        return try await db.raw("SELECT changes() AS n").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// PostgreSQL: one text array per column, zipped back into rows by `UNNEST`, in one statement
    /// that answers how many rows it added.
    static func insertUnnest(_ rows: ArraySlice<[String?]>, into spec: RawTableSpec, on db: any SQLDatabase) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let arrays: [SQLQueryString] = spec.columns.indices.map { column in
            "\(bind: PostgresArrayBind(rows.map { $0[column] }))"
        }
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
