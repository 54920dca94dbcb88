import Foundation
import Testing
@testable import ChurnStore

@Suite("Store contract: job runs") struct JobRunContract {
    static let occurrence = Date(timeIntervalSince1970: 1_764_900_000)

    @Test(arguments: TestBackend.allCases)
    func aJobNeverOverlapsItselfAndAnOccurrenceRunsOnce(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let runs = store.jobRuns
            let now = Self.occurrence.addingTimeInterval(5)
            let first = try #require(try await runs.start(job: "nightly", scheduledFor: Self.occurrence, trigger: .schedule, owner: "a", lease: 60, now: now))
            #expect(first.status == .running && first.owner == "a")
            // Another scheduler: the same occurrence, or any other while the first runs, is refused.
            #expect(try await runs.start(job: "nightly", scheduledFor: Self.occurrence, trigger: .schedule, owner: "b", lease: 60, now: now) == nil)
            #expect(try await runs.start(job: "nightly", scheduledFor: now, trigger: .manual, owner: "b", lease: 60, now: now) == nil)
            // Another job is not held up.
            #expect(try await runs.start(job: "monitoring", scheduledFor: Self.occurrence, trigger: .schedule, owner: "b", lease: 60, now: now) != nil)

            try await runs.finish(first.runID, status: .succeeded, exitCode: 0, error: nil, now: now.addingTimeInterval(30))
            // Finished: a manual run may start, but the occurrence never runs twice.
            #expect(try await runs.hasRun(job: "nightly", scheduledFor: Self.occurrence))
            #expect(try await runs.start(job: "nightly", scheduledFor: Self.occurrence, trigger: .catchUp, owner: "b", lease: 60, now: now.addingTimeInterval(40)) == nil)
            let manual = try #require(try await runs.start(job: "nightly", scheduledFor: now.addingTimeInterval(40), trigger: .manual, owner: "b", lease: 60, now: now.addingTimeInterval(40)))
            try await runs.finish(manual.runID, status: .failed, exitCode: 1, error: "score: no predictions", now: now.addingTimeInterval(45))

            let history = try await runs.history(job: "nightly")
            #expect(history.map(\.status) == [.failed, .succeeded])
            #expect(history.map(\.trigger) == [.manual, .schedule])
            #expect(history[0].exitCode == 1 && history[0].error == "score: no predictions")
            #expect(history[1].duration.map { abs($0 - 30) < 0.01 } == true)
            let latest = try await runs.latestPerJob()
            #expect(latest["nightly"]?.runID == manual.runID && latest["monitoring"]?.status == .running)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aRunWhoseLeaseLapsedIsAbandonedAndTheJobCanRunAgain(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let runs = store.jobRuns
            let start = Self.occurrence
            let dead = try #require(try await runs.start(job: "retrain", scheduledFor: start, trigger: .schedule, owner: "gone", lease: 60, now: start))
            try await runs.heartbeat(dead.runID, now: start.addingTimeInterval(50))
            // 100 s after the start but 50 s after the heartbeat: still alive.
            #expect(try await runs.start(job: "retrain", scheduledFor: start.addingTimeInterval(100), trigger: .manual, owner: "b", lease: 60, now: start.addingTimeInterval(100)) == nil)
            let taken = try #require(try await runs.start(job: "retrain", scheduledFor: start.addingTimeInterval(200), trigger: .manual, owner: "b", lease: 60, now: start.addingTimeInterval(200)))
            #expect(taken.owner == "b")
            let history = try await runs.history(job: "retrain")
            #expect(history.first { $0.runID == dead.runID }?.status == .abandoned)
            // The dead scheduler's late finish does not overwrite the verdict.
            try await runs.finish(dead.runID, status: .succeeded, exitCode: 0, error: nil, now: start.addingTimeInterval(210))
            #expect(try await runs.history(job: "retrain").first { $0.runID == dead.runID }?.status == .abandoned)
            await #expect(throws: StoreError.self) {
                try await runs.finish(taken.runID, status: .running, exitCode: nil, error: nil)
            }
        }
    }
}
