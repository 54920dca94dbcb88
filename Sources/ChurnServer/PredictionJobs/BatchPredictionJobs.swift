import ChurnModel
import ChurnServices
import Foundation
import Logging

/// The batch prediction job queue: validated jobs wait in submission order and one background
/// worker scores them chunk by chunk through the online scorer (canary, shadow and the predictions
/// log as for `POST /api/v1/predict`), keeping the results in memory for paging.
///
/// Bounded on both sides (see ``BatchJobLimits``): at most `maxActive` jobs queued or running, and
/// finished jobs are kept for `retention` and at most `maxRetained` of them, oldest dropped first.
actor BatchPredictionJobs {
    private let scorer: OnlineScorer
    private let lookup: (any OnlineFeatureLookup)?
    let limits: BatchJobLimits
    private var jobs: [String: BatchPredictionJob] = [:]
    private var waiting: [String] = []
    private var working = false
    /// The wall clock; tests move it to expire jobs without waiting.
    private let now: @Sendable () -> Date

    init(scorer: OnlineScorer, lookup: (any OnlineFeatureLookup)?, limits: BatchJobLimits, now: @escaping @Sendable () -> Date = Date.init) {
        self.scorer = scorer
        self.lookup = lookup
        self.limits = limits
        self.now = now
    }

    /// Queues a validated job; throws 503 when `maxActive` jobs are already queued or running.
    func submit(_ items: [PredictionRequestItem], snapshot: ServingModels.Snapshot, traceID: String, logger: Logger) throws(APIError) -> BatchPredictionJob {
        expire()
        let active = jobs.values.filter { !$0.isFinished }.count
        guard active < limits.maxActive else {
            var error = APIError(
                .tooManyRequests, code: "job_queue_full",
                detail: "\(active) batch jobs are queued or running, the most the server takes; retry after the Retry-After seconds")
            error.headers[.retryAfter] = "5"
            throw error
        }
        let job = BatchPredictionJob(
            id: UUID().uuidString.lowercased(), customers: items.count, createdAt: now(), items: items, snapshot: snapshot, traceID: traceID,
            logger: logger)
        jobs[job.id] = job
        waiting.append(job.id)
        if !working {
            working = true
            Task { await self.work() }
        }
        return job
    }

    /// The job, or nil when unknown or past retention.
    func job(_ id: String) -> BatchPredictionJob? {
        expire()
        return jobs[id]
    }

    /// Drops finished jobs past retention, then the oldest finished ones beyond `maxRetained`.
    private func expire() {
        let now = self.now()
        let cutoff = now.addingTimeInterval(-Self.seconds(limits.retention))
        for (id, job) in jobs where job.isFinished && (job.finishedAt ?? now) < cutoff { jobs[id] = nil }
        let finished = jobs.values.filter(\.isFinished).sorted { ($0.finishedAt ?? now) < ($1.finishedAt ?? now) }
        for job in finished.prefix(max(0, finished.count - limits.maxRetained)) { jobs[job.id] = nil }
    }

    private func work() async {
        while !waiting.isEmpty {
            let id = waiting.removeFirst()
            guard var job = jobs[id] else { continue }
            let items = job.items
            job.items = []
            job.status = .running
            job.startedAt = now()
            jobs[id] = job
            do {
                var start = 0
                while start < items.count {
                    let chunk = Array(items[start..<min(items.count, start + limits.chunkSize)])
                    let encoded = try await Self.score(chunk, job: job, scorer: scorer, lookup: lookup)
                    jobs[id]?.results.append(contentsOf: encoded)
                    jobs[id]?.scored += chunk.count
                    start += chunk.count
                }
                jobs[id]?.status = .succeeded
            } catch let error as APIError {
                jobs[id]?.status = .failed
                jobs[id]?.error = error.detail
            } catch let error as PredictionsLogUnavailable {
                jobs[id]?.status = .failed
                jobs[id]?.error = error.description
            } catch {
                jobs[id]?.status = .failed
                jobs[id]?.error = "scoring failed: \(error)"
            }
            jobs[id]?.finishedAt = now()
            expire()
        }
        working = false
    }

    /// Scores and logs one chunk away from the actor, so status reads never wait behind it.
    @concurrent
    private static func score(
        _ chunk: [PredictionRequestItem], job: BatchPredictionJob, scorer: OnlineScorer, lookup: (any OnlineFeatureLookup)?
    ) async throws -> [Data] {
        let inputs = try await PredictRoutes.inputs(chunk, snapshot: job.snapshot, lookup: lookup)
        let served = try await scorer.score(inputs, set: job.snapshot.servingSet, traceID: job.traceID, latencySince: nil, logger: job.logger)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try served.map { try encoder.encode($0) }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
