import ChurnData
import Foundation
import Logging

/// One batch prediction job as the job queue keeps it.
struct BatchPredictionJob: Sendable {
    enum Status: String, Sendable {
        case queued, running, succeeded, failed
    }

    let id: String
    var status = Status.queued
    let customers: Int
    var scored = 0
    let createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var error: String?
    /// The validated customers, released once the job has run.
    var items: [PredictionRequestItem]
    /// The serving set at submission: the one the body was validated against scores it.
    let snapshot: ServingModels.Snapshot
    let traceID: String
    /// The submitting request's logger (with its trace id), for what goes wrong in the background.
    let logger: Logger
    /// Each served prediction as its JSON object in the prediction contract, in request order.
    var results: [Data] = []

    var isFinished: Bool { status == .succeeded || status == .failed }

    var statusURL: String { "/api/v1/predictions/batch/\(id)" }

    /// The `GET /api/v1/predictions/batch/{job_id}` body.
    var statusBody: BatchJobStatus {
        BatchJobStatus(
            jobID: id, status: status.rawValue, customers: customers, scored: scored, createdAt: UTCTimestamp.string(createdAt),
            startedAt: startedAt.map(UTCTimestamp.string), finishedAt: finishedAt.map(UTCTimestamp.string), error: error,
            statusURL: statusURL, resultsURL: statusURL + "/results")
    }
}
