import ChurnModel
import ChurnStore
import Foundation

/// One of several workers scoring the same snapshot date together through the store's chunk queue
/// (processes on one machine or many sharing PostgreSQL).
///
/// The first worker splits the online store into chunks; each worker claims a chunk under a lease,
/// scores it exactly like ``BatchScoringRun`` and logs the predictions, then marks the chunk done.
/// A worker that dies leaves its lease to expire, and another worker scores that chunk again: the
/// predictions log ignores what was already logged, so every customer is logged exactly once. A
/// worker ends when every chunk is done, waiting for leases held by others to be completed or to
/// expire.
public struct CoordinatedScoringWorker: Sendable {
    public var store: ChurnStore
    public var models: ServingSet
    public var asOf: String
    public var chunkSize: Int
    public var lease: TimeInterval
    public var owner: String
    public var workers: Int
    public var reasons: Bool
    /// How long to wait before looking again when every remaining chunk is leased by another worker.
    public var pollInterval: Duration = .milliseconds(500)

    public init(
        store: ChurnStore, models: ServingSet, asOf: String, chunkSize: Int = 2_000, lease: TimeInterval = 60,
        owner: String = CoordinatedScoringWorker.defaultOwner, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        reasons: Bool = true
    ) {
        self.store = store
        self.models = models
        self.asOf = asOf
        self.chunkSize = chunkSize
        self.lease = lease
        self.owner = owner
        self.workers = max(1, workers)
        self.reasons = reasons
    }

    /// host:pid, unique among live workers.
    public static var defaultOwner: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// What this worker did, and the run's state when it ended.
    public struct Summary: Sendable {
        public var chunks = 0
        public var customers = 0
        public var newPredictions = 0
        public var alreadyLogged = 0
        public var tiers: [RiskLevel: Int] = [:]
        public var totalChunks = 0
        public var seconds = 0.0
    }

    /// - Parameters:
    ///   - claimed: called with each chunk once its lease is held (before it is scored).
    ///   - progress: called with the run's state after each chunk and while waiting for others.
    public func run(
        claimed: @Sendable (ScoreChunk) -> Void = { _ in },
        progress: @Sendable (ScoreChunkQueue.Progress) -> Void = { _ in }
    ) async throws -> Summary {
        guard chunkSize >= 1 else { throw BatchScoringError.invalidPageSize(chunkSize) }
        guard try await store.onlineFeatures.count() > 0 else { throw BatchScoringError.emptyOnlineStore }
        let started = Date()
        let queue = store.scoreChunks
        let version = models.runModelVersion
        var summary = Summary()
        summary.totalChunks = try await queue.plan(asOf: asOf, modelVersion: version, chunkSize: chunkSize)
        let scorer = BatchScoringRun(store: store, models: models, asOf: asOf, pageSize: chunkSize, workers: workers, reasons: reasons)
        while true {
            try Task.checkCancellation()
            guard let chunk = try await queue.claim(asOf: asOf, modelVersion: version, owner: owner, lease: lease) else {
                let state = try await queue.progress(asOf: asOf, modelVersion: version)
                progress(state)
                if state.done == state.chunks { break }
                try await Task.sleep(for: pollInterval)
                continue
            }
            claimed(chunk)
            let snapshots = try await store.onlineFeatures.snapshots(from: chunk.firstCustomerID, through: chunk.lastCustomerID, opening: false)
            let scored = try await ParallelRows.offPool { Result { try scorer.score(snapshots) } }.get()
            // The features come back from the store's JSON column and the reasons from ReasonsJSON: valid JSON.
            let inserted = scored.records.isEmpty ? 0 : try await store.predictionsLog.insert(scored.records, jsonIsValid: true)
            try await queue.complete(chunk)
            summary.chunks += 1
            summary.customers += scored.customers
            summary.newPredictions += inserted
            summary.alreadyLogged += scored.records.count - inserted
            for (tier, count) in scored.tiers { summary.tiers[tier, default: 0] += count }
            progress(try await queue.progress(asOf: asOf, modelVersion: version))
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
