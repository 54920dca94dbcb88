import ChurnDecisions
import ChurnStore
import ChurnTestSupport
import Foundation
import Synchronization
import Testing
@testable import ChurnServices

/// The scheduler's promises on a real store, with jobs whose timing the test holds: a job never
/// overlaps itself across schedulers, an occurrence runs once, and start-up catches up only the
/// latest missed occurrence within its deadline.
@Suite struct JobSchedulerTests {
    /// A job that records its arguments and, when told to, waits until released.
    final class HeldRunner: JobRunner, Sendable {
        let calls = Mutex<[[String]]>([])
        let release = AsyncStream<Void>.makeStream()
        let started = AsyncStream<Void>.makeStream()
        let holds: Bool
        let exitCode: Int

        init(holds: Bool = false, exitCode: Int = 0) {
            self.holds = holds
            self.exitCode = exitCode
        }

        func run(job: String, arguments: [String], timeout: TimeInterval) async -> JobExecution {
            calls.withLock { $0.append(arguments) }
            started.continuation.yield()
            if holds {
                var iterator = release.stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            return JobExecution(exitCode: exitCode, error: exitCode == 0 ? nil : "exit \(exitCode)")
        }

        var count: Int { calls.withLock { $0.count } }
    }

    static func schedule(deadlineMinutes: Double = 60) throws -> JobSchedule {
        try JobSchedule(yaml: """
            jobs:
              - name: nightly
                cron: "0 2 * * *"
                run: [score, --as-of, "{date}"]
                deadline_minutes: \(deadlineMinutes)
            """)
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func twoSchedulersOnOneStoreNeverRunAJobTwiceAtOnce() async throws {
        try await withTestStore { store, _ in
            let schedule = try Self.schedule()
            let held = HeldRunner(holds: true)
            let first = JobScheduler(schedule: schedule, store: store, runner: held, owner: "replica-1")
            let second = JobScheduler(schedule: schedule, store: store, runner: HeldRunner(), owner: "replica-2")
            let running = Task { try await first.runNow("nightly") }
            var started = held.started.stream.makeAsyncIterator()
            _ = await started.next()
            // While replica 1 runs the job, replica 2 may neither run it by hand nor catch it up.
            guard case .skipped = try await second.runNow("nightly") else { Issue.record("ran while running elsewhere"); return }
            held.release.continuation.yield()
            guard case .finished(_, let execution) = try await running.value else { Issue.record("the first run did not finish"); return }
            #expect(execution.succeeded)
            guard case .finished = try await second.runNow("nightly") else { Issue.record("refused after the first finished"); return }
            #expect(try await store.jobRuns.history(job: "nightly").map(\.owner) == ["replica-2", "replica-1"])
        }
    }

    @Test func startUpCatchesUpTheLatestMissedRunOnceWithinItsDeadline() async throws {
        try await withTestStore { store, _ in
            let runner = HeldRunner()
            let scheduler = JobScheduler(schedule: try Self.schedule(deadlineMinutes: 120), store: store, runner: runner)
            let job = try #require(scheduler.schedule.job(named: "nightly"))
            // Down since days before; up again at 03:30, 90 minutes after the 02:00 run: one run, for today.
            let outcome = try await scheduler.catchUp(job, now: Self.date("2026-03-05T03:30:00Z"))
            guard case .finished? = outcome else { Issue.record("no catch-up: \(String(describing: outcome))"); return }
            #expect(runner.calls.withLock { $0 } == [["score", "--as-of", "2026-03-05"]])
            #expect(try await store.jobRuns.history().first?.trigger == .catchUp)
            // A second start-up (another replica, or a restart) finds it done.
            #expect(try await scheduler.catchUp(job, now: Self.date("2026-03-05T03:40:00Z")) == nil)
            // Past the deadline, nothing runs: 04:30 next day is 150 minutes after that day's 02:00.
            #expect(try await scheduler.catchUp(job, now: Self.date("2026-03-06T04:30:00Z")) == nil)
            #expect(runner.count == 1)
        }
    }

    @Test func aFailedJobIsRecordedWithItsError() async throws {
        try await withTestStore { store, _ in
            let scheduler = JobScheduler(schedule: try Self.schedule(), store: store, runner: HeldRunner(exitCode: 2))
            guard case .finished(let id, let execution) = try await scheduler.runNow("nightly") else { Issue.record("not run"); return }
            #expect(!execution.succeeded)
            let run = try #require(try await store.jobRuns.history().first)
            #expect(run.runID == id && run.status == .failed && run.exitCode == 2 && run.error == "exit 2")
            await #expect(throws: JobSchedulerError.self) { try await scheduler.runNow("weekly") }
        }
    }

    @Test func theRunningSchedulerCatchesUpAtStartAndStopsWhenCancelled() async throws {
        try await withTestStore { store, _ in
            let runner = HeldRunner()
            let schedule = try JobSchedule(yaml: """
                jobs:
                  - name: monthly
                    cron: "0 0 1 * *"
                    run: [monitor, --as-of, "{date}"]
                    deadline_minutes: 44640
                """)
            let scheduler = JobScheduler(schedule: schedule, store: store, runner: runner)
            let running = Task { try await scheduler.run() }
            var started = runner.started.stream.makeAsyncIterator()
            _ = await started.next()
            running.cancel()
            _ = await running.result
            let runs = try await store.jobRuns.history()
            #expect(runs.count == 1 && runs.first?.trigger == .catchUp)
            #expect(runner.calls.withLock { $0.first?.last?.hasSuffix("-01") } == true)
        }
    }
}
