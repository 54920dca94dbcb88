import Foundation
import PostgresKit
import SQLKit
import Synchronization

/// Reads the `raw_*` tables back as text cells, a customer range at a time, so that features can be
/// built from what `churnguard ingest` stored with memory bounded by the range, not the table.
///
/// Read-only and separate from ``RawTableStore`` (which writes them). Ranges are of `customer_id`
/// in the database's own order (`ORDER BY customer_id`), the order ``page(_:after:limit:)``
/// pages `raw_customers` in, so a range query finds exactly the rows of the customers listed
/// between its bounds, on SQLite and PostgreSQL alike (whatever the collation).
public struct RawTableReader: Sendable {
    let database: StoreDatabase
    /// Opens the personal columns sealed at ingest.
    let cipher: FieldCipher

    /// Rows of `spec` (cells in `spec.columns` order, nil for NULL) whose key comes after `after`
    /// in key order, at most `limit` of them: a page of a whole table.
    public func page(_ spec: RawTableSpec, after: [String]?, limit: Int) async throws -> [[String?]] {
        let columns = spec.columns
        let key = spec.key
        if database.dialect == .postgres {
            var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(spec.table)"
            if let after {
                sql += " WHERE (\(key.joined(separator: ", "))) > (\((1...after.count).map { "$\($0)" }.joined(separator: ", ")))"
            }
            sql += " ORDER BY \(key.joined(separator: ", ")) LIMIT \(max(1, limit))"
            return try await postgresRows(spec, sql: sql, binds: after ?? [])
        }
        return try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: columns.joined(separator: ", ")) FROM \(unsafeRaw: spec.table)"
            if let after {
                // Row-value comparison: (a, b) > (x, y), which both engines evaluate in key order.
                let binds: [any Encodable & Sendable] = after
                query += " WHERE (\(unsafeRaw: key.joined(separator: ", "))) > (\(binds: binds))"
            }
            query += " ORDER BY \(unsafeRaw: key.joined(separator: ", ")) LIMIT \(literal: max(1, limit))"
            let sealed = spec.sealedCells
            return try await db.raw(query).all().map { try cells($0, spec, sealed) }
        }
    }

    /// The rows of `spec` whose customer lies in `range` (either bound may be open), in key order.
    public func rows(_ spec: RawTableSpec, customers range: CustomerRange) async throws -> [[String?]] {
        let columns = spec.columns
        if database.dialect == .postgres {
            var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(spec.table) WHERE 1 = 1"
            var binds: [String] = []
            if let after = range.after { binds.append(after); sql += " AND customer_id > $\(binds.count)" }
            if let through = range.through { binds.append(through); sql += " AND customer_id <= $\(binds.count)" }
            sql += " ORDER BY \(spec.key.joined(separator: ", "))"
            return try await postgresRows(spec, sql: sql, binds: binds)
        }
        return try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: columns.joined(separator: ", ")) FROM \(unsafeRaw: spec.table) WHERE 1 = 1"
            if let after = range.after { query += " AND customer_id > \(bind: after)" }
            if let through = range.through { query += " AND customer_id <= \(bind: through)" }
            query += " ORDER BY \(unsafeRaw: spec.key.joined(separator: ", "))"
            let sealed = spec.sealedCells
            // Decoded as they arrive: a chunk's rows are held once, as cells, not also as driver rows.
            let collected = Mutex<(rows: [[String?]], error: (any Error)?)>(([], nil))
            try await db.raw(query).run { row in
                do {
                    let cells = try cells(row, spec, sealed)
                    collected.withLock { $0.rows.append(cells) }
                } catch {
                    collected.withLock { if $0.error == nil { $0.error = error } }
                }
            }
            let (rows, error) = collected.withLock { ($0.rows, $0.error) }
            if let error { throw error }
            return rows
        }
    }

    /// The earliest and latest `YYYY-MM-DD` prefix of every date and time column (signups, changes,
    /// payments, engagement days, tickets opened and resolved, churns), as text. A guess at the
    /// data's first and last day, cheap to ask before reading any row: a time written with an offset
    /// can fall on another UTC day, and a bad cell sorts anywhere, so the caller checks it against
    /// the days it reads.
    public func dayRange() async throws -> (first: String?, last: String?) {
        try await database.withConnection { db in
            let row = try await db.raw("""
                SELECT MIN(d) AS first_day, MAX(d) AS last_day FROM (
                    SELECT substr(signup_date, 1, 10) AS d FROM raw_customers
                    UNION ALL SELECT substr(changed_at, 1, 10) FROM raw_subscription_changes
                    UNION ALL SELECT substr(occurred_at, 1, 10) FROM raw_transactions
                    UNION ALL SELECT substr(date, 1, 10) FROM raw_engagement_daily
                    UNION ALL SELECT substr(opened_at, 1, 10) FROM raw_support_tickets
                    UNION ALL SELECT substr(resolved_at, 1, 10) FROM raw_support_tickets
                    UNION ALL SELECT substr(churned_at, 1, 10) FROM raw_churn_events
                ) AS days
                """).first()
            return (try row?.decode(column: "first_day", as: String?.self), try row?.decode(column: "last_day", as: String?.self))
        }
    }

    /// PostgreSQL's path for ``page(_:after:limit:)`` and ``rows(_:customers:)``: `sql` (table and
    /// column names from ``RawTableSpec``, values only as `$n` binds) run on the connection itself,
    /// each cell decoded by postgres-nio in column order, as the rows arrive.
    private func postgresRows(_ spec: RawTableSpec, sql: String, binds values: [String]) async throws -> [[String?]] {
        let sealed = spec.sealedCells
        return try await database.withPostgresConnection { connection, logger in
            var binds = PostgresBindings(capacity: values.count)
            for value in values { binds.append(value) }
            var rows: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                var cells: [String?] = []
                cells.reserveCapacity(spec.columns.count)
                for cell in row { cells.append(try cell.decode(String?.self)) }
                rows.append(try opened(cells, sealed))
            }
            return rows
        }
    }

    private func cells(
        _ row: any SQLRow, _ spec: RawTableSpec, _ sealed: (customer: Int, columns: [(column: EncryptedColumn, position: Int)])?
    ) throws -> [String?] {
        try opened(try spec.columns.map { try row.decode(column: $0, as: String?.self) }, sealed)
    }

    /// `cells` with the sealed personal columns opened (as they are in a store without a key).
    private func opened(
        _ cells: [String?], _ sealed: (customer: Int, columns: [(column: EncryptedColumn, position: Int)])?
    ) throws -> [String?] {
        var cells = cells
        guard cipher.encrypts, let sealed else { return cells }
        let customerID = cells[sealed.customer] ?? ""
        for (column, position) in sealed.columns {
            cells[position] = try cipher.open(cells[position], in: column, customerID: customerID)
        }
        return cells
    }
}

/// The customers after `after` through `through` in the database's `customer_id` order; nil leaves
/// that side open. Consecutive ranges that share a bound cover every id, so rows of ids that are no
/// customer (or a rejected one) are still read and reported.
public struct CustomerRange: Sendable, Equatable {
    public var after: String?
    public var through: String?

    public init(after: String?, through: String?) {
        self.after = after
        self.through = through
    }
}
