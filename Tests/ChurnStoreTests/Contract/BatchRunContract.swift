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
}
