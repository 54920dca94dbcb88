import Foundation

/// How one run of a job ended.
public struct JobExecution: Sendable, Equatable {
    /// nil when the job could not be started at all.
    public var exitCode: Int?
    /// Why it failed, in the job's own words (the end of its error output) or the scheduler's.
    public var error: String?

    public init(exitCode: Int?, error: String?) {
        self.exitCode = exitCode
        self.error = error
    }

    public var succeeded: Bool { exitCode == 0 }
}

/// Runs a job's command line. The product runs `churnguard` itself as a child process
/// (``ChildProcessJobRunner``); the seam lets the scheduler's lease logic be tested with jobs whose
/// timing a test controls.
public protocol JobRunner: Sendable {
    func run(job: String, arguments: [String], timeout: TimeInterval) async -> JobExecution
}
