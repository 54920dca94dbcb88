import ChurnStore
import Foundation
import Logging

/// Runs the jobs of a ``JobSchedule`` at their times, in `serve --scheduler` or `churnguard
/// scheduler`. Every run goes through the store's job-run lease (`JobRunLog.start`), so a job never
/// overlaps itself and an occurrence runs once, also across replicas sharing PostgreSQL. At start-up
/// only the latest missed occurrence of each job runs, and only within the job's deadline: a
/// scheduler that was down for a week runs a daily job once, not seven times.
public struct JobScheduler: Sendable {
    public enum Outcome: Sendable, Equatable {
        case finished(JobRun.ID, JobExecution)
        /// Not run: the job is running elsewhere, or this occurrence already ran.
        case skipped(reason: String)
    }

    public var schedule: JobSchedule
    public var store: ChurnStore
    public var runner: any JobRunner
    public var owner: String
    public var logger: Logger

    public init(schedule: JobSchedule, store: ChurnStore, runner: any JobRunner,
                owner: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)",
                logger: Logger = Logger(label: "churnguard.scheduler")) {
        self.schedule = schedule
        self.store = store
        self.runner = runner
        self.owner = owner
        self.logger = logger
    }

    /// Runs forever (until cancelled): the missed occurrences first, then each job at its times.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group throws in
            let start = Date()
            var checkedUpTo = start
            for job in schedule.jobs {
                logger.info("job scheduled", metadata: [
                    "job": .string(job.name), "cron": .string(job.cron.description),
                    "next": .string(job.cron.next(after: start).map { "\($0)" } ?? "never"),
                ])
                group.addTask { await self.logFailure(of: job) { _ = try await self.catchUp(job, now: start) } }
            }
            while !Task.isCancelled {
                guard let next = schedule.jobs.compactMap({ $0.cron.next(after: checkedUpTo) }).min() else { return }
                let wait = next.timeIntervalSinceNow
                // Sleeps in slices of a minute at most, so a changed clock is noticed.
                if wait > 0 { try await Task.sleep(for: .seconds(min(wait, 60))) }
                let now = Date()
                guard now >= next else { continue }
                for job in schedule.jobs {
                    guard let due = job.cron.next(after: checkedUpTo), due <= now,
                          let latest = job.cron.previous(atOrBefore: now) else { continue }
                    group.addTask { await self.logFailure(of: job) { _ = try await self.execute(job, scheduledFor: latest, trigger: .schedule) } }
                }
                checkedUpTo = now
            }
        }
    }

    /// A store that cannot record a run fails that run, not the scheduler: the next occurrence tries again.
    private func logFailure(of job: JobSchedule.Job, _ work: () async throws -> Void) async {
        do {
            try await work()
        } catch where !Task.isCancelled {
            logger.error("cannot run a job", metadata: ["job": .string(job.name), "error": .string("\(error)")])
        } catch {}
    }

    /// The latest occurrence of `job` at or before `now`, if it is within the job's deadline and has
    /// no run yet; nil when there is nothing to catch up.
    public func catchUp(_ job: JobSchedule.Job, now: Date = Date()) async throws -> Outcome? {
        guard let missed = job.cron.previous(atOrBefore: now), now.timeIntervalSince(missed) <= job.deadline else { return nil }
        guard try await !store.jobRuns.hasRun(job: job.name, scheduledFor: missed) else { return nil }
        logger.info("catching up a missed run", metadata: ["job": .string(job.name), "scheduled_for": .string("\(missed)")])
        return try await execute(job, scheduledFor: missed, trigger: .catchUp)
    }

    /// Runs `name` now, under the same lease as scheduled runs (`churnguard jobs run`).
    public func runNow(_ name: String, now: Date = Date()) async throws -> Outcome {
        guard let job = schedule.job(named: name) else {
            throw JobSchedulerError.unknownJob(name, known: schedule.jobs.map(\.name))
        }
        return try await execute(job, scheduledFor: now, trigger: .manual)
    }

    /// One run: take the lease, renew it while the job works, record how it ended.
    func execute(_ job: JobSchedule.Job, scheduledFor: Date, trigger: JobRunTrigger) async throws -> Outcome {
        let lease = schedule.leaseSeconds
        guard let run = try await store.jobRuns.start(job: job.name, scheduledFor: scheduledFor, trigger: trigger, owner: owner, lease: lease) else {
            let reason = "\(job.name) is running elsewhere, or its run for \(scheduledFor) has already been made"
            logger.info("job not started", metadata: ["job": .string(job.name), "reason": .string(reason)])
            return .skipped(reason: reason)
        }
        logger.info("job started", metadata: ["job": .string(job.name), "run_id": .string(run.runID.uuidString), "trigger": .string(trigger.rawValue)])
        let heartbeat = Task { [store, logger] in
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(lease / 3))
                do {
                    try await store.jobRuns.heartbeat(run.runID)
                } catch where !Task.isCancelled {
                    logger.warning("cannot renew a job's lease", metadata: ["job": .string(job.name), "error": .string("\(error)")])
                }
            }
        }
        let started = Date()
        let execution = await runner.run(job: job.name, arguments: job.arguments(for: scheduledFor), timeout: job.timeout)
        heartbeat.cancel()
        try await store.jobRuns.finish(run.runID, status: execution.succeeded ? .succeeded : .failed,
                                       exitCode: execution.exitCode, error: execution.error)
        let metadata: Logger.Metadata = [
            "job": .string(job.name), "run_id": .string(run.runID.uuidString),
            "duration_s": .string(String(format: "%.1f", Date().timeIntervalSince(started))),
        ]
        if execution.succeeded {
            logger.info("job succeeded", metadata: metadata)
        } else {
            logger.error("job failed", metadata: metadata.merging(["error": .string(String((execution.error ?? "").suffix(500)))]) { a, _ in a })
        }
        return .finished(run.runID, execution)
    }
}

extension JobRun: Identifiable {
    public var id: UUID { runID }
}

public enum JobSchedulerError: Error, Sendable, CustomStringConvertible {
    case unknownJob(String, known: [String])

    public var description: String {
        switch self {
        case .unknownJob(let name, let known):
            "no job named '\(name)' in the schedule; its jobs: \(known.joined(separator: ", "))"
        }
    }
}
