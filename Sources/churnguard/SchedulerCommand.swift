import ArgumentParser
import ChurnServices
import ChurnStore
import Foundation
import Logging

/// `churnguard scheduler`: runs the jobs of the schedule at their times until stopped (SIGINT or
/// SIGTERM), or with `--once` runs what is due now and exits (for a system cron line).
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run the scheduled jobs (ingest, score, monitor, campaigns, delivery…) at their times.",
        discussion: """
            Jobs come from --schedule FILE or HOME/schedule.yaml: a name, a cron expression (UTC) and \
            the churnguard command line to run, with {date} for the occurrence's day. A job never \
            overlaps itself, also across schedulers sharing one PostgreSQL; a run missed while no \
            scheduler ran is made once at start-up if still within the job's deadline_minutes. \
            Each job's output goes to HOME/job-logs/JOB.log; `churnguard jobs history` lists the runs. \
            `serve --scheduler` runs the same scheduler inside the server. Jobs inherit the environment \
            (CHURNGUARD_DATABASE_URL, CHURNGUARD_ERASURE_KEY_FILE, CHURNGUARD_DATA_KEY_FILE…) with CHURNGUARD_HOME set \
            to the home.
            """)

    @OptionGroup var options: ModelsCommand.StoreOptions
    @Option(name: .long, help: "Schedule file (default: HOME/schedule.yaml).") var schedule: String?
    @Flag(name: .long, help: "Run the missed occurrences still within their deadline, then exit.") var once = false

    func run() async throws {
        let jobs = try ScheduleFile.load(explicit: schedule, home: options.home)
        try await options.withStore { store in
            var scheduler = JobScheduler(schedule: jobs, store: store, runner: ScheduleFile.runner(home: options.home))
            scheduler.logger = Logger(label: "churnguard.scheduler") { label in StreamLogHandler.standardError(label: label) }
            for job in jobs.jobs {
                let next = job.cron.next(after: Date()).map(JobsCommand.timestamp) ?? "never"
                StandardError.print("scheduler: \(job.name) (\(job.cron)) next at \(next)")
            }
            if once {
                for job in jobs.jobs {
                    if let outcome = try await scheduler.catchUp(job) { print(JobsCommand.describe(outcome, job: job.name)) }
                }
                return
            }
            try await withTaskCancellationOnTermination { [scheduler] in try await scheduler.run() }
        }
    }
}

/// Runs `work` until it ends or the process gets SIGINT or SIGTERM, which cancel it: running jobs
/// are stopped and recorded as failed before the command exits.
func withTaskCancellationOnTermination(_ work: @escaping @Sendable () async throws -> Void) async throws {
    let task = Task { try await work() }
    let sources = [SIGINT, SIGTERM].map { signalNumber in
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        return source
    }
    defer { sources.forEach { $0.cancel() } }
    do {
        try await task.value
    } catch is CancellationError {}
}
