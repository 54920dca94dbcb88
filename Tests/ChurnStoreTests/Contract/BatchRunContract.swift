import Foundation
import Testing
@testable import ChurnStore

/// Batch runs resume after a crash and advance together with the predictions they log.
@Suite("Store contract: batch runs") struct BatchRunContract {
    @Test(arguments: TestBackend.allCases)
    func runResumesAndAdvancesWithPredictions(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let run = try await store.batchRuns.startOrResume(asOf: "2025-01-01", modelVersion: "v1")
            #expect(run.status == .running)
            #expect(run.lastCustomerID == nil)

            let chunk = PredictionsLogContract.batch(0..<50)
            try await store.predictionsLog.insert(chunk, progress: BatchProgress(runID: run.runID, lastCustomerID: "c49"))
            // The "crashed" job restarts: it gets the same run back with its marker.
            let resumed = try await store.batchRuns.startOrResume(asOf: "2025-01-01", modelVersion: "v1")
            #expect(resumed.runID == run.runID)
            #expect(resumed.lastCustomerID == "c49")
            #expect(resumed.scored == 50)
            // Re-logging an overlapping chunk counts only the new predictions.
            try await store.predictionsLog.insert(PredictionsLogContract.batch(40..<60), progress: BatchProgress(runID: run.runID, lastCustomerID: "c59"))
            #expect(try await store.batchRuns.run(run.runID)?.scored == 60)

            let finished = try await store.batchRuns.finish(run.runID, status: .succeeded)
            #expect(finished.status == .succeeded)
            #expect(try await store.batchRuns.run(run.runID)?.finishedAt != nil)
            await #expect(throws: StoreError.batchRunNotRunning(run.runID, status: .succeeded)) {
                try await store.batchRuns.finish(run.runID, status: .failed)
            }
            // Progress on a finished run is refused and rolls back the predictions with it.
            await #expect(throws: StoreError.batchRunNotRunning(run.runID, status: .succeeded)) {
                try await store.predictionsLog.insert(PredictionsLogContract.batch(60..<61), progress: BatchProgress(runID: run.runID, lastCustomerID: "c60"))
            }
            #expect(try await store.predictionsLog.count(asOf: "2025-01-01") == 60)

            let next = try await store.batchRuns.startOrResume(asOf: "2025-01-01", modelVersion: "v1")
            #expect(next.runID != run.runID)
            #expect(try await store.batchRuns.list().count == 2)
            await #expect(throws: StoreError.batchRunNotFound(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!)) {
                try await store.batchRuns.finish(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, status: .failed)
            }
        }
    }

    /// Pages written at once (PostgreSQL's two writers, ``PredictionsLog/concurrentWriters``) move
    /// the marker in page order: a page waits for the one before it before it moves the marker, so
    /// the marker ends on the later page even when the earlier one commits last. The limit catches a
    /// deadlock; it is generous because a loaded 2-core machine once took 96 s to run the whole suite's share.
    @Test(.timeLimit(.minutes(3)))
    func overlappingPagesMoveTheMarkerInPageOrder() async throws {
        try await TestBackend.postgres.withStore { store async throws in
            #expect(store.predictionsLog.concurrentWriters == 2)
            let run = try await store.batchRuns.startOrResume(asOf: "2025-01-01", modelVersion: "v1")
            let log = store.predictionsLog
            // The first page is held inside its transaction until the second has written its rows.
            let (secondWrote, signal) = AsyncStream.makeStream(of: Void.self)
            let first = Task {
                try await log.insert(PredictionsLogContract.batch(0..<50), progress: BatchProgress(runID: run.runID, lastCustomerID: "c49"),
                                     after: { for await _ in secondWrote { return } })
            }
            let second = Task {
                try await log.insert(PredictionsLogContract.batch(50..<100), progress: BatchProgress(runID: run.runID, lastCustomerID: "c99"),
                                     after: { signal.yield(); _ = try await first.value })
            }
            #expect(try await first.value == 50)
            #expect(try await second.value == 50)
            let marker = try #require(try await store.batchRuns.run(run.runID))
            #expect(marker.lastCustomerID == "c99")
            #expect(marker.scored == 100)
        }
    }

    /// A page whose predecessor failed rolls back: neither its rows nor the marker move.
    @Test(arguments: TestBackend.allCases)
    func aPageWhosePredecessorFailedRollsBack(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let run = try await store.batchRuns.startOrResume(asOf: "2025-01-01", modelVersion: "v1")
            let log = store.predictionsLog
            #expect(try await log.insert(PredictionsLogContract.batch(0..<50), progress: BatchProgress(runID: run.runID, lastCustomerID: "c49")) == 50)
            struct PageFailed: Error {}
            await #expect(throws: PageFailed.self) {
                try await log.insert(PredictionsLogContract.batch(50..<100), progress: BatchProgress(runID: run.runID, lastCustomerID: "c99"),
                                     after: { throw PageFailed() })
            }
            let marker = try #require(try await store.batchRuns.run(run.runID))
            #expect(marker.lastCustomerID == "c49" && marker.scored == 50)
            #expect(try await log.count(asOf: "2025-01-01") == 50)
        }
    }
}
