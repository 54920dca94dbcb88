/// `POST /api/v1/predictions/batch` (202): the queued job and where to follow it.
struct BatchJobAccepted: Encodable, Sendable {
    var jobID: String
    var status: String
    var customers: Int
    var statusURL: String

    enum CodingKeys: String, CodingKey {
        case status, customers, jobID = "job_id", statusURL = "status_url"
    }
}

/// `GET /api/v1/predictions/batch/{job_id}`.
struct BatchJobStatus: Encodable, Sendable {
    var jobID: String
    var status: String
    var customers: Int
    var scored: Int
    var createdAt: String
    @EncodesNull var startedAt: String?
    @EncodesNull var finishedAt: String?
    @EncodesNull var error: String?
    var statusURL: String
    var resultsURL: String

    enum CodingKeys: String, CodingKey {
        case status, customers, scored, error
        case jobID = "job_id", createdAt = "created_at", startedAt = "started_at", finishedAt = "finished_at"
        case statusURL = "status_url", resultsURL = "results_url"
    }
}

/// The head of a results page; the predictions are spliced in after it as the JSON they already are.
struct BatchJobResultsHead: Encodable, Sendable {
    var jobID: String
    var page: Int
    var pageSize: Int
    var total: Int
    @EncodesNull var next: String?

    enum CodingKeys: String, CodingKey {
        case page, total, next, jobID = "job_id", pageSize = "page_size"
    }
}
