import Foundation
import Hummingbird

/// Batch prediction jobs: `POST /api/v1/predictions/batch` (scorer) validates up to 100,000
/// customers up front and answers 202 with the job; `GET /api/v1/predictions/batch/{job_id}` and
/// `GET …/{job_id}/results?page=N&page_size=M` (scorer or analyst) report progress and page through
/// the predictions. Results of a job not finished yet are answered 409 `job_not_finished` with
/// Retry-After (the status route says when it is done); a failed job's results are 409 `job_failed`.
struct BatchPredictionRoutes: Sendable {
    let models: ServingModels
    let jobs: BatchPredictionJobs

    static let defaultPageSize = 100
    static let maxPageSize = 1_000

    func addSubmission(to group: RouterGroup<ChurnRequestContext>) {
        group.post("predictions/batch") { request, context in
            let body = try await PredictRoutes.collectJSONBody(request, limit: ServerLimits.maxBatchJobBodyBytes)
            let snapshot = models.snapshot
            // Fully validated before anything is queued: a 422 leaves nothing behind.
            let (items, _) = try snapshot.parser.parser.parse(body, maxItems: ServerLimits.maxBatchJobItems, arrayOnly: true)
            context.annotations.customerIDs = items.map(\.customerID)
            let job = try await jobs.submit(items, snapshot: snapshot, traceID: context.traceID, logger: context.logger)
            let accepted = BatchJobAccepted(jobID: job.id, status: job.status.rawValue, customers: job.customers, statusURL: job.statusURL)
            return try JSONResponse.make(accepted, status: .accepted, location: job.statusURL)
        }
    }

    func addReading(to group: RouterGroup<ChurnRequestContext>) {
        group.get("predictions/batch/:job_id") { _, context in
            try JSONResponse.make(try await job(context).statusBody)
        }
        group.get("predictions/batch/:job_id/results") { request, context in
            let job = try await job(context)
            let page = try Self.integer(request, "page", default: 1, range: 1...Int.max)
            let pageSize = try Self.integer(request, "page_size", default: Self.defaultPageSize, range: 1...Self.maxPageSize)
            switch job.status {
            case .queued, .running:
                var error = APIError(
                    .conflict, code: "job_not_finished",
                    detail: "job is \(job.status.rawValue) (\(job.scored) of \(job.customers) scored); results are readable once its status is succeeded")
                error.headers[.retryAfter] = "1"
                throw error
            case .failed:
                throw APIError(.conflict, code: "job_failed", detail: "job failed: \(job.error ?? "unknown error"); it has no results")
            case .succeeded:
                return Self.page(job, page: page, pageSize: pageSize)
            }
        }
    }

    private func job(_ context: ChurnRequestContext) async throws -> BatchPredictionJob {
        let id = try context.parameters.require("job_id")
        guard let job = await jobs.job(id) else {
            throw APIError(
                .notFound, code: "not_found",
                detail: "no batch job '\(id.prefix(64))' (unknown, or finished more than the retention period ago)", field: "job_id")
        }
        return job
    }

    /// `{job_id, page, page_size, total, next, predictions}`; `next` is the next page's URL or null.
    static func page(_ job: BatchPredictionJob, page: Int, pageSize: Int) -> Response {
        let total = job.results.count
        let (start, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        let range = overflow || start >= total ? total..<total : start..<min(total, start + pageSize)
        let next = range.upperBound < total ? "\(job.statusURL)/results?page=\(page + 1)&page_size=\(pageSize)" : nil
        let head = BatchJobResultsHead(jobID: job.id, page: page, pageSize: pageSize, total: total, next: next)
        // The predictions are already JSON: spliced in, not decoded and encoded again.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(head)) ?? Data("{}".utf8)
        data.removeLast()
        data.append(contentsOf: Array(#","predictions":["#.utf8))
        for (offset, prediction) in job.results[range].enumerated() {
            if offset > 0 { data.append(UInt8(ascii: ",")) }
            data.append(prediction)
        }
        data.append(contentsOf: Array("]}".utf8))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func integer(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(text), range.contains(number) else {
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw APIError.unprocessable("\(name) must be a whole number \(bound)", field: name)
        }
        return number
    }
}
