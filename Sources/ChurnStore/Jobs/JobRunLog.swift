import Foundation
import SQLKit

/// The scheduler's runs (`job_runs`): the lease that keeps a job from overlapping itself across
/// every scheduler sharing the store, the record that an occurrence ran, and the history.
public struct JobRunLog: Sendable {
    let database: StoreDatabase

    static let columns = "run_id, job_name, scheduled_for, run_trigger, owner, started_at, heartbeat_at, finished_at, status, exit_code, error"

    /// Starts a run of `job` for the occurrence `scheduledFor`, or returns nil when the job is
    /// running elsewhere (a live heartbeat within `lease`) or that occurrence already has a run.
    /// A running run whose heartbeat is older than `lease` is marked abandoned first.
    public func start(
        job: String, scheduledFor: Date, trigger: JobRunTrigger, owner: String, lease: TimeInterval, now: Date = Date()
    ) async throws -> JobRun? {
        try StoreValidation.identifier(job, field: "job", maxLength: 64)
        let run = JobRun(runID: UUID(), jobName: job, scheduledFor: scheduledFor, trigger: trigger, owner: owner, startedAt: now,
                         heartbeatAt: now, finishedAt: nil, status: .running, exitCode: nil, error: nil)
        do {
            return try await database.withTransaction { db -> JobRun? in
                try await db.raw("""
                    UPDATE job_runs SET status = 'abandoned', finished_at = \(bind: now),
                        error = 'the scheduler running it stopped renewing its lease'
                    WHERE job_name = \(bind: job) AND status = 'running' AND heartbeat_at < \(bind: now.addingTimeInterval(-lease))
                    """).run()
                if try await Self.blocks(job: job, scheduledFor: scheduledFor, on: db) { return nil }
                try await db.raw("""
                    INSERT INTO job_runs (run_id, job_name, scheduled_for, run_trigger, owner, started_at, heartbeat_at, status)
                    VALUES (\(bind: run.runID), \(bind: job), \(bind: scheduledFor), \(bind: trigger.rawValue), \(bind: owner),
                            \(bind: now), \(bind: now), 'running')
                    """).run()
                return run
            }
        } catch {
            // Two schedulers racing on PostgreSQL: the loser's insert breaks a unique index. If the
            // winner's row explains it, that is a refusal, not a failure.
            let blocked = try await database.withConnection { db in try await Self.blocks(job: job, scheduledFor: scheduledFor, on: db) }
            if blocked { return nil }
            throw error
        }
    }

    /// Renews the lease of a running run.
    public func heartbeat(_ runID: UUID, now: Date = Date()) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE job_runs SET heartbeat_at = \(bind: now) WHERE run_id = \(bind: runID) AND status = 'running'").run()
        }
    }

    /// Ends a running run; a run already marked abandoned by another scheduler keeps that verdict.
    public func finish(_ runID: UUID, status: JobRunStatus, exitCode: Int?, error: String?, now: Date = Date()) async throws {
        guard status == .succeeded || status == .failed else {
            throw StoreError.invalidValue(field: "status", reason: "a run finishes as succeeded or failed")
        }
        let message = error.map { String($0.prefix(4_000)) }
        try await database.withConnection { db in
            try await db.raw("""
                UPDATE job_runs SET status = \(bind: status.rawValue), finished_at = \(bind: now), exit_code = \(bind: exitCode),
                    error = \(bind: message)
                WHERE run_id = \(bind: runID) AND status = 'running'
                """).run()
        }
    }

    /// Whether `job` already has a run for the occurrence `scheduledFor`.
    public func hasRun(job: String, scheduledFor: Date) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw("SELECT 1 AS found FROM job_runs WHERE job_name = \(bind: job) AND scheduled_for = \(bind: scheduledFor)").first() != nil
        }
    }

    /// Runs, newest first; of one job when `job` is given.
    public func history(job: String? = nil, limit: Int = 50) async throws -> [JobRun] {
        try await database.withConnection { db in
            let filter: SQLQueryString = job.map { "WHERE job_name = \(bind: $0)" } ?? ""
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM job_runs \(filter) ORDER BY started_at DESC LIMIT \(bind: limit)")
                .all().map(Self.decode)
        }
    }

    /// The newest run of each job.
    public func latestPerJob() async throws -> [String: JobRun] {
        try await database.withConnection { db in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM job_runs r
                WHERE started_at = (SELECT MAX(started_at) FROM job_runs WHERE job_name = r.job_name)
                """).all().map(Self.decode)
            return Dictionary(rows.map { ($0.jobName, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    static func blocks(job: String, scheduledFor: Date, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            SELECT 1 AS found FROM job_runs
            WHERE job_name = \(bind: job) AND (status = 'running' OR scheduled_for = \(bind: scheduledFor))
            LIMIT 1
            """).first() != nil
    }

    static func decode(_ row: any SQLRow) throws -> JobRun {
        let trigger = try row.decode(column: "run_trigger", as: String.self)
        let status = try row.decode(column: "status", as: String.self)
        guard let parsedTrigger = JobRunTrigger(rawValue: trigger) else { throw StoreError.invalidValue(field: "run_trigger", reason: "unknown trigger '\(trigger)'") }
        guard let parsedStatus = JobRunStatus(rawValue: status) else { throw StoreError.invalidValue(field: "status", reason: "unknown job run status '\(status)'") }
        return JobRun(
            runID: try row.decode(column: "run_id", as: UUID.self),
            jobName: try row.decode(column: "job_name", as: String.self),
            scheduledFor: try row.decode(column: "scheduled_for", as: Date.self),
            trigger: parsedTrigger,
            owner: try row.decode(column: "owner", as: String.self),
            startedAt: try row.decode(column: "started_at", as: Date.self),
            heartbeatAt: try row.decode(column: "heartbeat_at", as: Date.self),
            finishedAt: try row.decode(column: "finished_at", as: Date?.self),
            status: parsedStatus,
            exitCode: try row.decode(column: "exit_code", as: Int?.self),
            error: try row.decode(column: "error", as: String?.self))
    }
}
