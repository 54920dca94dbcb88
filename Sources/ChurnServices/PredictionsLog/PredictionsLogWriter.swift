import Foundation

/// Writes served predictions to the predictions log with group commit: callers hand over their
/// entries and wait; whatever arrived while the previous batch was being committed goes into the
/// next transaction together, so logging costs one commit per batch, not per prediction.
///
/// When the database fails, the batch is fsynced to the ``PredictionSpool`` instead and the caller
/// still gets its answer; `replaySpool()` moves spooled batches into the database when it is back.
/// A caller is answered only after its entries are in the database or on disk: nothing served is lost.
public actor PredictionsLogWriter: PredictionLogSink {
    private let store: any PredictionLogStore
    private let spool: PredictionSpool
    private let maxBatch: Int
    private var pending: [(entries: [PredictionLogEntry], done: CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    /// True from a failed commit until a replay empties the spool.
    public private(set) var isDegraded = false
    public private(set) var committedBatches = 0

    public init(store: any PredictionLogStore, spool: PredictionSpool, maxBatch: Int = 2_000) {
        self.store = store
        self.spool = spool
        self.maxBatch = maxBatch
        isDegraded = !spool.files().isEmpty
    }

    public func append(_ entries: [PredictionLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await withCheckedThrowingContinuation { continuation in
            pending.append((entries, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var batch: [(entries: [PredictionLogEntry], done: CheckedContinuation<Void, any Error>)] = []
            var size = 0
            while let next = pending.first, batch.isEmpty || size + next.entries.count <= maxBatch {
                batch.append(pending.removeFirst())
                size += next.entries.count
            }
            let entries = batch.flatMap(\.entries)
            let result = await commit(entries)
            for waiter in batch {
                switch result {
                case .success: waiter.done.resume()
                case .failure(let error): waiter.done.resume(throwing: error)
                }
            }
        }
        draining = false
    }

    private func commit(_ entries: [PredictionLogEntry]) async -> Result<Void, any Error> {
        // While degraded, keep spooling so the log keeps its order on replay.
        if !isDegraded {
            do {
                try await store.insertPredictions(entries)
                committedBatches += 1
                return .success(())
            } catch {
                isDegraded = true
            }
        }
        do {
            try spool.write(entries)
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// Moves spooled batches into the database, oldest first; returns how many entries moved.
    /// Stops at the first failure (the database is still away) and stays degraded.
    @discardableResult
    public func replaySpool() async -> Int {
        var moved = 0
        for path in spool.files() {
            do {
                let entries = try spool.read(path)
                try await store.insertPredictions(entries)
                try FileManager.default.removeItem(atPath: path)
                moved += entries.count
            } catch {
                return moved
            }
        }
        // New appends spool while degraded; only an empty spool ends it.
        if spool.files().isEmpty { isDegraded = false }
        return moved
    }

    /// Replays the spool every `interval` while degraded, until the task is cancelled.
    public func runReplayLoop(interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if isDegraded { await replaySpool() }
        }
    }
}
