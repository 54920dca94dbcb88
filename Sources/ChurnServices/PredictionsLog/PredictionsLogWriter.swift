import Foundation
import Logging

/// Writes served predictions to the predictions log with group commit: callers hand over their
/// entries and wait; whatever arrived while the previous batch was being committed goes into the
/// next transaction together, so logging costs one commit per batch, not per prediction.
///
/// When the database fails, the batch is fsynced to the ``PredictionSpool`` instead and the caller
/// still gets its answer; while degraded, new batches go straight to the spool, so no request waits
/// for a database that is away. `replaySpool()` moves spooled batches into the database; the first
/// one it moves ends the degraded state, so new batches go to the database again while the rest of
/// the spool drains behind them (the log's keys make a replay idempotent, so order does not matter).
/// A caller is answered only after its entries are in the database or on disk: nothing served is lost.
public actor PredictionsLogWriter: PredictionLogSink {
    private let store: any PredictionLogStore
    private let spool: PredictionSpool
    private let maxBatch: Int
    private var pending: [(entries: [PredictionLogEntry], done: CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    /// True from a failed commit until a replay moves a spooled batch into the database.
    public private(set) var isDegraded = false
    public private(set) var committedBatches = 0
    /// Batches in the spool, as last counted.
    public private(set) var spooledBatches = 0
    private let logger: Logger
    private let spoolDepthChanged: @Sendable (Int) -> Void

    public init(
        store: any PredictionLogStore, spool: PredictionSpool, maxBatch: Int = 2_000,
        logger: Logger = Logger(label: "churnguard.predictions-log"), spoolDepthChanged: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.store = store
        self.spool = spool
        self.maxBatch = maxBatch
        self.logger = logger
        self.spoolDepthChanged = spoolDepthChanged
        spooledBatches = spool.files().count
        isDegraded = spooledBatches > 0
        spoolDepthChanged(spooledBatches)
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
        // While degraded, spool at once: only the replay loop waits for the database.
        if !isDegraded {
            do {
                try await store.insertPredictions(entries)
                committedBatches += 1
                return .success(())
            } catch let error as InvalidPredictionLogEntry {
                // Not an outage: spooling it would only fail again on replay.
                logger.error("a served batch was refused by the predictions log", metadata: ["error": .string(error.description)])
                return .failure(error)
            } catch {
                setDegraded(true, reason: "\(error)")
            }
        }
        do {
            try spool.write(entries)
            spooledBatches += 1
            spoolDepthChanged(spooledBatches)
            return .success(())
        } catch {
            logger.error("predictions spool unwritable; predictions are refused", metadata: ["error": .string("\(error)")])
            return .failure(error)
        }
    }

    private func setDegraded(_ degraded: Bool, reason: String? = nil) {
        guard degraded != isDegraded else { return }
        isDegraded = degraded
        if degraded {
            logger.warning("predictions log unavailable; spooling predictions to disk", metadata: ["error": .string(reason ?? "")])
        } else {
            logger.notice("predictions log available again; new predictions go to the database, the spool drains behind them",
                          metadata: ["spooled_batches": .stringConvertible(spooledBatches)])
        }
    }

    /// Moves spooled batches into the database, oldest first; returns how many entries moved.
    /// The first batch moved ends the degraded state. Stops at the first failure (the database is
    /// still away). With nothing spooled (the spool could not be written either), the degraded
    /// state ends too: the next batch tries the database, and spools or fails again if it is away.
    @discardableResult
    public func replaySpool() async -> Int {
        var moved = 0
        let files = spool.files()
        if files.isEmpty { setDegraded(false) }
        for path in files {
            do {
                let entries = try spool.read(path)
                try await store.insertPredictions(entries)
                try FileManager.default.removeItem(atPath: path)
                moved += entries.count
                setDegraded(false)
            } catch let error as InvalidPredictionLogEntry {
                // Kept aside for a person to look at, so one bad file never blocks the rest.
                let kept = spool.setAside(path)
                logger.error("a spooled batch cannot enter the predictions log; set aside", metadata: [
                    "error": .string(error.description), "file": .string(kept ?? path),
                ])
            } catch {
                break
            }
        }
        spooledBatches = spool.files().count
        spoolDepthChanged(spooledBatches)
        return moved
    }

    /// Replays the spool every `interval` while anything is spooled, until the task is cancelled.
    public func runReplayLoop(interval: Duration = .milliseconds(500)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if isDegraded || spooledBatches > 0 { await replaySpool() }
        }
    }
}
