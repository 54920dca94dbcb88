import ChurnModel
import ChurnStore
import Foundation

/// Scores every customer whose online-store snapshot is for `asOf` with the production model (and the
/// shadow and canary when registered), with reasons, and logs the predictions exactly once.
///
/// Customers are read page by page in ascending id order. Each page's predictions are logged in one
/// transaction that also moves the run's resume marker to the page's last customer, so after a crash
/// (even `kill -9`) the next run for the same date and model resumes right after the last committed
/// page; the log's unique key on (customer, as_of, model version, role) makes any overlap harmless.
/// While one page is being written (two on PostgreSQL), the next is scored and the one after it read.
public struct BatchScoringRun: Sendable {
    public var store: ChurnStore
    public var models: ServingSet
    /// The snapshot date, `YYYY-MM-DD`.
    public var asOf: String
    public var pageSize: Int
    public var workers: Int
    /// Explain every prediction with TreeSHAP reasons (the default), or log scores only.
    public var reasons: Bool

    public init(
        store: ChurnStore, models: ServingSet, asOf: String, pageSize: Int = 5_000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, reasons: Bool = true
    ) {
        self.reasons = reasons
        self.store = store
        self.models = models
        self.asOf = asOf
        self.pageSize = pageSize
        self.workers = max(1, workers)
    }

    /// Runs (or resumes) the batch and marks it finished. A failure marks the run failed and rethrows.
    public func run(progress: @Sendable (BatchScoringProgress) -> Void = { _ in }) async throws -> BatchScoringSummary {
        guard pageSize >= 1 else { throw BatchScoringError.invalidPageSize(pageSize) }
        let storedCustomers = try await store.onlineFeatures.count()
        guard storedCustomers > 0 else { throw BatchScoringError.emptyOnlineStore }
        let started = Date()
        let batchRun = try await store.batchRuns.startOrResume(asOf: asOf, modelVersion: models.runModelVersion)
        var summary = BatchScoringSummary(
            runID: batchRun.runID, asOf: asOf, modelVersion: models.runModelVersion,
            resumed: batchRun.lastCustomerID != nil || batchRun.scored > 0)
        do {
            try await scorePages(after: batchRun.lastCustomerID, runID: batchRun.runID, storedCustomers: storedCustomers,
                                 started: started, summary: &summary, progress: progress)
            if summary.customers == 0, !summary.resumed, summary.skippedOtherDates > 0 {
                throw BatchScoringError.nothingForDate(asOf: asOf, stored: storedCustomers)
            }
            try await store.batchRuns.finish(batchRun.runID, status: .succeeded)
        } catch {
            _ = try? await store.batchRuns.finish(batchRun.runID, status: .failed, error: "\(error)")
            throw error
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    private func scorePages(
        after resumePoint: String?, runID: UUID, storedCustomers: Int, started: Date,
        summary: inout BatchScoringSummary, progress: @Sendable (BatchScoringProgress) -> Void
    ) async throws {
        let log = store.predictionsLog
        var cursor = resumePoint
        // Writes in flight, oldest first. Each is collected in page order; on PostgreSQL two pages
        // are written at once (each waits for the one before it to commit before it moves the
        // marker), so the server's writing is not one core's work while ours waits for it.
        // `customers` counts every customer up to the page's last, for its progress once it lands.
        var pendingWrites: [(task: Task<Int, any Error>, records: Int, last: String, customers: Int)] = []
        let writesInFlight = log.concurrentWriters
        func collectOldestWrite() async throws {
            let pending = pendingWrites.removeFirst()
            let inserted = try await pending.task.value
            summary.newPredictions += inserted
            summary.alreadyLogged += pending.records - inserted
            progress(BatchScoringProgress(customers: pending.customers, storedCustomers: storedCustomers,
                                          lastCustomerID: pending.last, seconds: Date().timeIntervalSince(started)))
        }
        let features = store.onlineFeatures, pageSize = self.pageSize
        // The next page is read while this one is scored (reads do not wait for the writer in WAL mode).
        // Sealed snapshots are opened on the scoring threads, not by the reader (`score`).
        var nextPage = Task { [cursor] in try await features.snapshots(after: cursor, limit: pageSize, opening: false) }
        defer { nextPage.cancel() }
        while true {
            let page = try await nextPage.value
            guard let last = page.last?.customerID else { break }
            cursor = last
            nextPage = Task { [cursor] in try await features.snapshots(after: cursor, limit: pageSize, opening: false) }
            // The page's parallel scoring blocks its thread: never one of the cooperative pool's.
            let scored = try await ParallelRows.offPool { [self] in Result { try score(page) } }.get()
            summary.skippedOtherDates += page.count - scored.customers
            summary.customers += scored.customers
            summary.servedByCanary += scored.canary
            summary.shadowPredictions += scored.shadow
            for (tier, count) in scored.tiers { summary.tiers[tier, default: 0] += count }

            while pendingWrites.count >= writesInFlight {
                try await collectOldestWrite()
            }
            let marker = BatchProgress(runID: runID, lastCustomerID: last)
            let records = scored.records
            let previous = pendingWrites.last?.task
            let afterPrevious: @Sendable () async throws -> Void = { _ = try await previous?.value }
            let task: Task<Int, any Error>
            if records.isEmpty {
                task = Task { try await afterPrevious(); try await store.batchRuns.recordProgress(marker); return 0 }
            } else {
                // Features come back from the store's JSON column and reasons from `ReasonsJSON`: both valid JSON.
                task = Task { try await log.insert(records, progress: marker, jsonIsValid: true, after: afterPrevious) }
            }
            pendingWrites.append((task, records.count, last, summary.customers))
        }
        while !pendingWrites.isEmpty { try await collectOldestWrite() }
    }

    /// One page's predictions for the log and what to count.
    struct ScoredPage {
        var records: [PredictionRecord] = []
        var customers = 0
        var canary = 0
        var shadow = 0
        var tiers: [RiskLevel: Int] = [:]
    }

    /// One page's predictions. Sealed snapshots (read with `opening: false`) are opened and the
    /// records sealed here, on the page's scoring threads: the reader and the log's writer each run
    /// on one thread, and the crypto would lengthen whichever of them bounds the run.
    func score(_ page: [StoredFeatures]) throws -> ScoredPage {
        let onlineFeatures = store.onlineFeatures
        let dated = page.filter { $0.asOf == asOf }
        let current = try ParallelRows.map(count: dated.count, workers: workers) { index in
            Result { try onlineFeatures.opened(dated[index]) }
        }.map { try $0.get() }
        var result = ScoredPage()
        result.customers = current.count
        guard !current.isEmpty else { return result }
        let log = store.predictionsLog
        let timestamp = Date()

        // Who the canary serves instead of production.
        var canaryRows: [Int] = []
        var productionRows: [Int] = []
        if models.canary != nil, let assignment = models.canaryAssignment {
            for (index, snapshot) in current.enumerated() {
                if assignment.servesCanary(snapshot.customerID) { canaryRows.append(index) } else { productionRows.append(index) }
            }
        } else {
            productionRows = Array(current.indices)
        }

        var served = [ChurnPrediction?](repeating: nil, count: current.count)
        var roles: [(rows: [Int], predictor: ChurnPredictor, servedBy: ServedBy)] = [(productionRows, models.production, .production)]
        if let canary = models.canary { roles.append((canaryRows, canary, .canary)) }
        if let shadow = models.shadow { roles.append((Array(current.indices), shadow, .shadow)) }

        for role in roles where !role.rows.isEmpty {
            let schema = role.predictor.bundle.manifest.featureSchema
            let index = FlatFeatureJSON.index(of: schema)
            let values = ParallelRows.map(count: role.rows.count, workers: workers) {
                FlatFeatureJSON.values(current[role.rows[$0]].featuresJSON, schema: schema, index: index)
            }
            let customerIDs = role.rows.map { current[$0].customerID }
            let predictions = reasons
                ? role.predictor.predictBatch(customerIDs: customerIDs, values: values, workers: workers)
                : role.predictor.predictBatchWithoutReasons(customerIDs: customerIDs, values: values)
            let servedBy = role.servedBy
            let asOf = self.asOf
            let ids = TimeOrderedPredictionIDs.make(count: predictions.count, at: timestamp, start: result.records.count)
            let records = try ParallelRows.map(count: predictions.count, workers: workers) { index in
                let prediction = predictions[index]
                return Result { try log.sealing(PredictionRecord(
                    predictionID: ids[index], customerID: prediction.customerID, predictionTimestamp: timestamp, asOf: asOf,
                    churnProbability: prediction.churnProbability, churnRiskLevel: prediction.riskLevel.rawValue,
                    modelVersion: prediction.modelVersion, servedBy: servedBy, rawProbability: prediction.rawProbability,
                    topChurnFeature: prediction.topChurnFeature.isEmpty ? nil : prediction.topChurnFeature,
                    reasonsJSON: prediction.reasons.isEmpty ? nil : ReasonsJSON.encode(prediction.reasons),
                    inferenceFeaturesJSON: current[role.rows[index]].featuresJSON,
                    sealedInferenceFeatures: current[role.rows[index]].sealedFeatures)) }
            }.map { try $0.get() }
            result.records.append(contentsOf: records)
            switch servedBy {
            case .shadow: result.shadow += predictions.count
            case .canary: result.canary += predictions.count
            case .production: break
            }
            if servedBy != .shadow {
                for (row, prediction) in zip(role.rows, predictions) { served[row] = prediction }
            }
        }
        for prediction in served { if let prediction { result.tiers[prediction.riskLevel, default: 0] += 1 } }
        return result
    }
}
