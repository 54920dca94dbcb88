import Foundation
import SQLKit

/// The online feature store: the latest feature snapshot per customer (`online_features`), written in
/// bulk after a materialization and read one customer at a time by online scoring or page by page by
/// batch scoring.
public struct OnlineFeatureStore: Sendable {
    let database: StoreDatabase
    /// Erased customers' snapshots are left out (a re-ingest does not bring them back).
    let erasureList: ErasureList
    let cipher: FieldCipher

    /// Rows per multi-row INSERT (four binds each).
    static let rowsPerStatement = 1_000
    /// Rows per transaction: large enough to amortize the commit, small enough not to hold the write
    /// lock for long.
    static let rowsPerTransaction = 5_000

    /// Writes each customer's snapshot unless the stored one is newer: a snapshot with an older `asOf`
    /// never replaces a newer one, an equal `asOf` replaces it (a re-materialization of the same day).
    /// Within `snapshots`, the newest per customer wins. Returns how many snapshots were considered
    /// (after collapsing duplicates).
    /// With `jsonIsValid`, the caller vouches that every `featuresJSON` is valid JSON (built by a
    /// JSON writer, or read back from this store), so a sealing store does not parse it again.
    @discardableResult
    public func upsert(_ snapshots: [StoredFeatures], jsonIsValid: Bool = false) async throws -> Int {
        var latest: [String: Int] = [:]
        latest.reserveCapacity(snapshots.count)
        for (index, snapshot) in snapshots.enumerated() {
            try StoreValidation.identifier(snapshot.customerID, field: "customer_id", maxLength: 128)
            try StoreValidation.day(snapshot.asOf, field: "as_of")
            if let seen = latest[snapshot.customerID], snapshots[seen].asOf > snapshot.asOf { continue }
            latest[snapshot.customerID] = index
        }
        // PostgreSQL refuses to touch one row twice in a statement, hence the collapsing above.
        let collapsed = latest.values.sorted().map { snapshots[$0] }
        let list = erasureList
        var unique = try await database.withConnection { db in try await list.withoutErased(collapsed, customerID: { $0.customerID }, on: db) }
        let sealed = cipher.encrypts
        let dialect = database.dialect
        let form = EncryptedColumn.onlineFeatures.sealedForm(on: dialect)
        for index in unique.indices {
            // Always sealed afresh: a snapshot copied to another customer carries the sealed value of the first.
            unique[index].sealedFeatures = nil
            guard sealed else { continue }
            if !jsonIsValid { try JSONText.validate(unique[index].featuresJSON, field: "features of customer \(unique[index].customerID)") }
            unique[index].sealedFeatures = try cipher.seal(unique[index].featuresJSON, in: .onlineFeatures, customerID: unique[index].customerID, as: form)
        }
        var start = 0
        while start < unique.count {
            let transactionRows = Array(unique[start..<min(start + Self.rowsPerTransaction, unique.count)])
            try await database.withTransaction { db in
                if dialect == .postgres {
                    try await db.raw(Self.unnestUpsertStatement(transactionRows, sealed: sealed, jsonIsValid: jsonIsValid)).run()
                    return
                }
                var offset = 0
                while offset < transactionRows.count {
                    let rows = transactionRows[offset..<min(offset + Self.rowsPerStatement, transactionRows.count)]
                    try await db.raw(Self.upsertStatement(rows, dialect: dialect, sealed: sealed, jsonIsValid: jsonIsValid)).run()
                    offset += Self.rowsPerStatement
                }
            }
            start += Self.rowsPerTransaction
        }
        return unique.count
    }

    /// JSON the caller vouches for (`jsonIsValid`) is stored as bound, without the database parsing it.
    static func upsertStatement(_ rows: ArraySlice<StoredFeatures>, dialect: SQLDialectKind, sealed: Bool, jsonIsValid: Bool) -> SQLQueryString {
        var values: [SQLQueryString] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            let features: SQLQueryString = sealed ? "\(bind: row.storedFeatures)" : dialect.jsonText(row.featuresJSON, checked: jsonIsValid)
            values.append("(\(bind: row.customerID), \(bind: row.asOf), \(features), \(bind: row.updatedAt))")
        }
        return """
            INSERT INTO online_features (customer_id, as_of, features, updated_at)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (customer_id) DO UPDATE
            SET as_of = excluded.as_of, features = excluded.features, updated_at = excluded.updated_at
            WHERE excluded.as_of >= online_features.as_of
            """
    }

    /// PostgreSQL's faster bulk path: four array parameters unnested into rows, one statement per
    /// transaction, instead of four parameters per row.
    static func unnestUpsertStatement(_ rows: [StoredFeatures], sealed: Bool, jsonIsValid: Bool) -> SQLQueryString {
        """
        INSERT INTO online_features (customer_id, as_of, features, updated_at)
        SELECT u.customer_id, u.as_of, \(unsafeRaw: SQLDialectKind.postgres.jsonText(expression: "u.features", checked: sealed || jsonIsValid)), u.updated_at
        FROM UNNEST(\(bind: rows.map(\.customerID)), \(bind: rows.map(\.asOf)), \(bind: rows.map(\.storedFeatures.postgresText)), \(bind: rows.map(\.updatedAt)))
            AS u(customer_id, as_of, features, updated_at)
        ON CONFLICT (customer_id) DO UPDATE
        SET as_of = excluded.as_of, features = excluded.features, updated_at = excluded.updated_at
        WHERE excluded.as_of >= online_features.as_of
        """
    }

    /// The stored snapshot for one customer, or nil.
    public func features(customerID: String) async throws -> StoredFeatures? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT customer_id, as_of, features, updated_at FROM online_features WHERE customer_id = \(bind: customerID)
                """).first().map(decode)
        }
    }

    /// The stored snapshots of `customerIDs` (those that have one), in no particular order.
    public func features(customerIDs: [String]) async throws -> [StoredFeatures] {
        var snapshots: [StoredFeatures] = []
        snapshots.reserveCapacity(customerIDs.count)
        var offset = 0
        while offset < customerIDs.count {
            let ids = customerIDs[offset..<min(offset + 500, customerIDs.count)]
            offset += 500
            let binds: [any Encodable & Sendable] = Array(ids)
            snapshots += try await database.withConnection { db in
                try await db.raw("""
                    SELECT customer_id, as_of, features, updated_at FROM online_features WHERE customer_id IN (\(binds: binds))
                    """).all().map(decode)
            }
        }
        return snapshots
    }

    /// Up to `limit` customer ids in ascending (bytewise) order after `customerID` (exclusive); pass the
    /// last id of one page to get the next. An empty page means the end.
    public func customerIDs(after customerID: String? = nil, limit: Int = 10_000) async throws -> [String] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT customer_id FROM online_features
                WHERE customer_id > \(bind: customerID ?? "") ORDER BY customer_id LIMIT \(bind: limit)
                """).all().map { try $0.decode(column: "customer_id", as: String.self) }
        }
    }

    /// Like `customerIDs(after:limit:)` but with each customer's snapshot, for batch scoring. With
    /// `opening: false`, sealed snapshots are left for ``opened(_:)`` (`isOpen` false).
    public func snapshots(after customerID: String? = nil, limit: Int = 10_000, opening: Bool = true) async throws -> [StoredFeatures] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT customer_id, as_of, features, updated_at FROM online_features
                WHERE customer_id > \(bind: customerID ?? "") ORDER BY customer_id LIMIT \(bind: limit)
                """).all().map { try decode($0, opening: opening) }
        }
    }

    /// The snapshots of the customers with ids in `first…last` (bytewise, inclusive), in id order;
    /// `opening` as in ``snapshots(after:limit:opening:)``.
    public func snapshots(from first: String, through last: String, opening: Bool = true) async throws -> [StoredFeatures] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT customer_id, as_of, features, updated_at FROM online_features
                WHERE customer_id >= \(bind: first) AND customer_id <= \(bind: last) ORDER BY customer_id
                """).all().map { try decode($0, opening: opening) }
        }
    }

    /// `snapshot` with its features opened, when it was read without opening them.
    public func opened(_ snapshot: StoredFeatures) throws -> StoredFeatures {
        guard !snapshot.isOpen, let sealed = snapshot.sealedFeatures else { return snapshot }
        var snapshot = snapshot
        snapshot.featuresJSON = try cipher.open(sealed, in: .onlineFeatures, customerID: snapshot.customerID)
        snapshot.isOpen = true
        return snapshot
    }

    public func count() async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM online_features").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    func decode(_ row: any SQLRow) throws -> StoredFeatures {
        try decode(row, opening: true)
    }

    func decode(_ row: any SQLRow, opening: Bool) throws -> StoredFeatures {
        let customerID = try row.decode(column: "customer_id", as: String.self)
        let stored = try row.decode(column: "features", as: StoredCell.self)
        let sealed = FieldCipher.isSealed(stored)
        let open = opening || !sealed
        var snapshot = StoredFeatures(
            customerID: customerID,
            asOf: try row.decode(column: "as_of", as: String.self),
            featuresJSON: open ? try cipher.open(stored, in: .onlineFeatures, customerID: customerID) : "",
            updatedAt: try row.decode(column: "updated_at", as: Date.self)
        )
        if sealed { snapshot.sealedFeatures = stored }
        snapshot.isOpen = open
        return snapshot
    }
}
