import Foundation
import SQLKit

/// Batch scoring runs (`batch_runs`). A run is started (or, after a crash, resumed) per snapshot date and
/// model version, advances as chunks of predictions are logged, and is finished as succeeded or failed.
public struct BatchRunLog: Sendable {
    let database: StoreDatabase

    /// Starts a run for `asOf` and `modelVersion`, or returns the unfinished one for the same pair so the
    /// caller resumes after its `lastCustomerID`.
    public func startOrResume(asOf: String, modelVersion: String, at: Date = Date()) async throws -> BatchRun {
        try StoreValidation.day(asOf, field: "as_of")
        try StoreValidation.identifier(modelVersion, field: "model_version", maxLength: 32)
        return try await database.withTransaction { db in
            if let running = try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM batch_runs
                WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion) AND status = 'running'
                """).first().map(Self.decode) {
                return running
            }
            let run = BatchRun(runID: UUID(), asOf: asOf, modelVersion: modelVersion, startedAt: at, finishedAt: nil,
                               status: .running, scored: 0, lastCustomerID: nil, error: nil)
            try await db.raw("""
                INSERT INTO batch_runs (run_id, as_of, model_version, started_at, status, scored)
                VALUES (\(bind: run.runID), \(bind: asOf), \(bind: modelVersion), \(bind: at), 'running', 0)
                """).run()
            return run
        }
    }

    /// Moves the resume marker without logging predictions (e.g. a chunk whose customers were all skipped).
    public func recordProgress(_ progress: BatchProgress) async throws {
        try await database.withTransaction { db in try await Self.advance(progress, scored: 0, on: db) }
    }

    /// Marks a running run succeeded or failed.
    @discardableResult
    public func finish(_ runID: UUID, status: BatchRunStatus, error: String? = nil, at: Date = Date()) async throws -> BatchRun {
        guard status != .running else {
            throw StoreError.invalidValue(field: "status", reason: "a run is finished as succeeded or failed")
        }
        return try await database.withTransaction { db in
            guard var run = try await Self.find(runID, on: db) else { throw StoreError.batchRunNotFound(runID) }
            guard run.status == .running else { throw StoreError.batchRunNotRunning(runID, status: run.status) }
            try await db.raw("""
                UPDATE batch_runs SET status = \(bind: status.rawValue), finished_at = \(bind: at), error = \(bind: error)
                WHERE run_id = \(bind: runID)
                """).run()
            run.status = status
            run.finishedAt = at
            run.error = error
            return run
        }
    }

    public func run(_ runID: UUID) async throws -> BatchRun? {
        try await database.withConnection { db in try await Self.find(runID, on: db) }
    }

    /// Runs, newest first.
    public func list(limit: Int = 50) async throws -> [BatchRun] {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM batch_runs ORDER BY started_at DESC LIMIT \(bind: limit)")
                .all().map(Self.decode)
        }
    }

    /// The most recently finished successful run: how fresh the scores are (the stale-scores alert).
    public func lastSucceeded() async throws -> BatchRun? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM batch_runs WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1
                """).first().map(Self.decode)
        }
    }

    // MARK: - Inside a transaction

    static let columns = "run_id, as_of, model_version, started_at, finished_at, status, scored, last_customer_id, error"

    static func advance(_ progress: BatchProgress, scored: Int, on db: any SQLDatabase) async throws {
        guard let run = try await find(progress.runID, on: db) else { throw StoreError.batchRunNotFound(progress.runID) }
        guard run.status == .running else { throw StoreError.batchRunNotRunning(progress.runID, status: run.status) }
        try await db.raw("""
            UPDATE batch_runs SET scored = scored + \(bind: scored), last_customer_id = \(bind: progress.lastCustomerID)
            WHERE run_id = \(bind: progress.runID)
            """).run()
    }

    static func find(_ runID: UUID, on db: any SQLDatabase) async throws -> BatchRun? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM batch_runs WHERE run_id = \(bind: runID)").first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> BatchRun {
        BatchRun(
            runID: try row.decode(column: "run_id", as: UUID.self),
            asOf: try row.decode(column: "as_of", as: String.self),
            modelVersion: try row.decode(column: "model_version", as: String.self),
            startedAt: try row.decode(column: "started_at", as: Date.self),
            finishedAt: try row.decode(column: "finished_at", as: Date?.self),
            status: try BatchRunStatus(parsing: try row.decode(column: "status", as: String.self)),
            scored: try row.decode(column: "scored", as: Int.self),
            lastCustomerID: try row.decode(column: "last_customer_id", as: String?.self),
            error: try row.decode(column: "error", as: String?.self)
        )
    }
}
