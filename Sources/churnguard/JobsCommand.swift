import ArgumentParser
import ChurnData
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard jobs list | run NAME | history`: the schedule's jobs with their next time and last
/// run, one job run now under the same lease as the scheduler's, and the runs made.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List the scheduled jobs, run one now, or show the runs made.",
        subcommands: [List.self, Run.self, History.self]
    )

    static func timestamp(_ date: Date) -> String { UTCTimestamp.string(date) }

    static func line(_ run: JobRun) -> String {
        let duration = run.duration.map { String(format: "%.1f s", $0) } ?? "running"
        let error = (run.error ?? "").replacingOccurrences(of: "\n", with: " ")
        return "\(timestamp(run.startedAt))  \(run.jobName)  \(run.status.rawValue)  \(duration)  \(run.trigger.rawValue)  \(run.owner)  \(error.suffix(120))"
    }

    static func describe(_ outcome: JobScheduler.Outcome, job: String) -> String {
        switch outcome {
        case .finished(_, let execution) where execution.succeeded: "\(job): succeeded"
        case .finished(_, let execution): "\(job): failed (\(execution.exitCode.map { "exit \($0)" } ?? "not started")): \((execution.error ?? "").suffix(300))"
        case .skipped(let reason): "\(job): not run: \(reason)"
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The schedule's jobs: cron, next time, last run.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Option(name: .long, help: "Schedule file (default: HOME/schedule.yaml).") var schedule: String?

        func run() async throws {
            let jobs = try ScheduleFile.load(explicit: schedule, home: options.home)
            let latest = try await options.withStore { try await $0.jobRuns.latestPerJob() }
            for job in jobs.jobs {
                let next = job.cron.next(after: Date()).map(JobsCommand.timestamp) ?? "never"
                let last = latest[job.name].map { "\($0.status.rawValue) at \(JobsCommand.timestamp($0.startedAt))" } ?? "never run"
                print("\(job.name)  \"\(job.cron)\"  next \(next)  last \(last)  runs: churnguard \(job.run.joined(separator: " "))")
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one job now, unless it is running somewhere already; exits 1 when the job fails.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Option(name: .long, help: "Schedule file (default: HOME/schedule.yaml).") var schedule: String?
        @Argument(help: "The job's name (see `jobs list`).") var name: String

        func run() async throws {
            let jobs = try ScheduleFile.load(explicit: schedule, home: options.home)
            guard jobs.job(named: name) != nil else {
                throw ValidationError("no job named '\(name)' in the schedule; its jobs: \(jobs.jobs.map(\.name).joined(separator: ", "))")
            }
            let outcome = try await options.withStore { store in
                try await JobScheduler(schedule: jobs, store: store, runner: ScheduleFile.runner(home: options.home)).runNow(name)
            }
            print(JobsCommand.describe(outcome, job: name))
            switch outcome {
            case .finished(_, let execution) where !execution.succeeded: throw ExitCode.failure
            case .skipped: throw ExitCode(3)
            default: break
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Runs made, newest first: status, duration, trigger, error.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "Only this job.") var name: String?
        @Option(name: .long, help: "At most this many.") var limit = 50

        func run() async throws {
            let runs = try await options.withStore { try await $0.jobRuns.history(job: name, limit: limit) }
            if runs.isEmpty { print("No job runs yet.") }
            for run in runs { print(JobsCommand.line(run)) }
        }
    }
}
