import Foundation

public enum JobRunStatus: String, Sendable, CaseIterable, Codable {
    case running
    case succeeded
    case failed
    /// Its scheduler stopped renewing the heartbeat (killed, host lost) before it finished.
    case abandoned
}

/// What started a run: its schedule at the occurrence's time, a catch-up at start-up for an
/// occurrence missed within its deadline, or a person (`churnguard jobs run`).
public enum JobRunTrigger: String, Sendable, CaseIterable, Codable {
    case schedule
    case catchUp = "catch_up"
    case manual
}

/// One run of a scheduled job (`job_runs`).
public struct JobRun: Sendable, Equatable {
    public var runID: UUID
    public var jobName: String
    /// The schedule's occurrence this run is for; the start time for a manual run.
    public var scheduledFor: Date
    public var trigger: JobRunTrigger
    public var owner: String
    public var startedAt: Date
    public var heartbeatAt: Date
    public var finishedAt: Date?
    public var status: JobRunStatus
    public var exitCode: Int?
    public var error: String?

    public var duration: TimeInterval? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}
