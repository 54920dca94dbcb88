import Foundation
import SQLKit

/// One chunk of a coordinated batch scoring run: the customers with ids in
/// `firstCustomerID…lastCustomerID` (bytewise), leased to `owner` until `leaseUntil`.
public struct ScoreChunk: Sendable, Equatable {
    public var asOf: String
    public var modelVersion: String
    public var number: Int
    public var firstCustomerID: String
    public var lastCustomerID: String
    public var owner: String?
    public var leaseUntil: Date?
    /// How many times the chunk was claimed (more than once when a worker died holding it).
    public var claims: Int
}

/// The work queue of coordinated batch scoring (`score_chunks`). The first worker of a run splits the
/// online store into chunks; every worker then claims the next unclaimed or expired chunk, scores it
/// and marks it done. On PostgreSQL a claim is `FOR UPDATE SKIP LOCKED`, so workers never wait on
/// each other; on SQLite claims are serialized by the write lock. Predictions stay exactly-once
/// whatever happens to a lease: the predictions log ignores a prediction already logged.
public struct ScoreChunkQueue: Sendable {
    let database: StoreDatabase

    static let postgresPlanLockKey = 0x4368_7572_6E43_686B  // "ChurnChk"

    public struct Progress: Sendable, Equatable {
        public var chunks: Int
        public var done: Int
        /// Pending chunks whose lease has not expired.
        public var leased: Int
        public var scored: Int
    }

    /// Splits the online store into chunks of `chunkSize` customers for `asOf` and `modelVersion`,
    /// unless a worker already did; returns the number of chunks.
    @discardableResult
    public func plan(asOf: String, modelVersion: String, chunkSize: Int) async throws -> Int {
        try StoreValidation.day(asOf, field: "as_of")
        try StoreValidation.identifier(modelVersion, field: "model_version", maxLength: 32)
        guard chunkSize >= 1 else { throw StoreError.invalidValue(field: "chunk_size", reason: "must be at least 1") }
        let dialect = database.dialect
        return try await database.withTransaction { db in
            if dialect == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.postgresPlanLockKey))").run()
            }
            let existing = try await Self.chunkCount(asOf: asOf, modelVersion: modelVersion, on: db)
            if existing > 0 { return existing }
            var after = ""
            var number = 0
            var rows: [SQLQueryString] = []
            while true {
                let ids = try await db.raw("""
                    SELECT customer_id FROM online_features WHERE customer_id > \(bind: after) ORDER BY customer_id LIMIT \(bind: chunkSize)
                    """).all().map { try $0.decode(column: "customer_id", as: String.self) }
                guard let first = ids.first, let last = ids.last else { break }
                rows.append("(\(bind: asOf), \(bind: modelVersion), \(bind: number), \(bind: first), \(bind: last), 'pending', 0, 0)")
                number += 1
                after = last
                if rows.count == 500 {
                    try await Self.insert(rows, on: db)
                    rows.removeAll()
                }
            }
            if !rows.isEmpty { try await Self.insert(rows, on: db) }
            return number
        }
    }

    /// Claims the lowest-numbered chunk that is pending and unleased (or whose lease expired) for
    /// `owner` until `now + lease`; nil when none is claimable right now.
    public func claim(asOf: String, modelVersion: String, owner: String, lease: TimeInterval, now: Date = Date()) async throws -> ScoreChunk? {
        let until = now.addingTimeInterval(lease)
        let lockClause = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.withTransaction { db in
            try await db.raw("""
                UPDATE score_chunks SET owner = \(bind: owner), lease_until = \(bind: until), claims = claims + 1
                WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion) AND chunk_no = (
                    SELECT chunk_no FROM score_chunks
                    WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion) AND status = 'pending'
                      AND (lease_until IS NULL OR lease_until < \(bind: now))
                    ORDER BY chunk_no LIMIT 1\(unsafeRaw: lockClause))
                RETURNING \(unsafeRaw: Self.columns)
                """).first().map(Self.decode)
        }
    }

    /// Marks a chunk done, counting the predictions logged for its customers by the run's model
    /// (counted in the log rather than taken from the worker: a worker that died after logging but
    /// before completing leaves predictions its successor finds already logged).
    public func complete(_ chunk: ScoreChunk) async throws {
        // PostgreSQL counts the batch keys (one per logged batch row, migration 14): their primary
        // key is the customer-first index the partitioned log no longer has.
        let table = database.dialect == .postgres ? PredictionsLog.batchKeysTable : "predictions_log"
        try await database.withTransaction { db in
            try await db.raw("""
                UPDATE score_chunks SET status = 'done', lease_until = NULL, scored = (
                    SELECT COUNT(*) FROM \(unsafeRaw: table)
                    WHERE as_of = \(bind: chunk.asOf) AND model_version = \(bind: chunk.modelVersion)
                      AND customer_id >= \(bind: chunk.firstCustomerID) AND customer_id <= \(bind: chunk.lastCustomerID))
                WHERE as_of = \(bind: chunk.asOf) AND model_version = \(bind: chunk.modelVersion) AND chunk_no = \(bind: chunk.number)
                """).run()
        }
    }

    public func progress(asOf: String, modelVersion: String, now: Date = Date()) async throws -> Progress {
        try await database.withConnection { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS chunks,
                       COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) AS done,
                       COALESCE(SUM(CASE WHEN status = 'pending' AND lease_until >= \(bind: now) THEN 1 ELSE 0 END), 0) AS leased,
                       CAST(COALESCE(SUM(scored), 0) AS BIGINT) AS scored
                FROM score_chunks WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion)
                """).first()
            return Progress(
                chunks: try row?.decode(column: "chunks", as: Int.self) ?? 0,
                done: try row?.decode(column: "done", as: Int.self) ?? 0,
                leased: try row?.decode(column: "leased", as: Int.self) ?? 0,
                scored: try row?.decode(column: "scored", as: Int.self) ?? 0)
        }
    }

    /// Every chunk of a run, in order (for reports and tests).
    public func chunks(asOf: String, modelVersion: String) async throws -> [ScoreChunk] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM score_chunks
                WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion) ORDER BY chunk_no
                """).all().map(Self.decode)
        }
    }

    static let columns = "as_of, model_version, chunk_no, first_customer_id, last_customer_id, owner, lease_until, claims"

    private static func insert(_ rows: [SQLQueryString], on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO score_chunks (as_of, model_version, chunk_no, first_customer_id, last_customer_id, status, claims, scored)
            VALUES \(rows.joined(separator: ", "))
            """).run()
    }

    private static func chunkCount(asOf: String, modelVersion: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM score_chunks WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func decode(_ row: any SQLRow) throws -> ScoreChunk {
        ScoreChunk(
            asOf: try row.decode(column: "as_of", as: String.self),
            modelVersion: try row.decode(column: "model_version", as: String.self),
            number: try row.decode(column: "chunk_no", as: Int.self),
            firstCustomerID: try row.decode(column: "first_customer_id", as: String.self),
            lastCustomerID: try row.decode(column: "last_customer_id", as: String.self),
            owner: try row.decode(column: "owner", as: String?.self),
            leaseUntil: try row.decode(column: "lease_until", as: Date?.self),
            claims: try row.decode(column: "claims", as: Int.self))
    }
}
