import ChurnConfiguration
import ChurnData
import ChurnDecisions
import Foundation
import Yams

/// What `schedule.yaml` says: named jobs, each a `churnguard` command line run on a cron schedule
/// (UTC). Read from `--schedule FILE` or `HOME/schedule.yaml`.
///
/// ```yaml
/// jobs:
///   - name: nightly-scoring
///     cron: "0 2 * * *"
///     run: [score, --as-of, "{date}"]
///     deadline_minutes: 360   # a run missed by up to this much still runs at start-up (default 60)
///     timeout_minutes: 180    # a run still going after this is stopped and failed (default 120)
/// ```
///
/// In `run`, `{date}` is the occurrence's UTC day (YYYY-MM-DD) and `{date-N}` the day N days before.
public struct JobSchedule: Sendable, Equatable {
    public struct Job: Sendable, Equatable {
        public var name: String
        public var cron: CronSchedule
        /// The arguments after `churnguard`, with placeholders.
        public var run: [String]
        public var deadline: TimeInterval
        public var timeout: TimeInterval

        public init(name: String, cron: CronSchedule, run: [String], deadline: TimeInterval = 3_600, timeout: TimeInterval = 7_200) {
            self.name = name
            self.cron = cron
            self.run = run
            self.deadline = deadline
            self.timeout = timeout
        }

        /// `run` with the placeholders of the occurrence `date` filled in.
        public func arguments(for date: Date) -> [String] {
            run.map { JobSchedule.fill($0, date: date) }
        }
    }

    public var jobs: [Job]
    /// How long a run's lease lasts without a heartbeat before another scheduler may call it abandoned.
    public var leaseSeconds: Double

    public init(jobs: [Job], leaseSeconds: Double = 60) {
        self.jobs = jobs
        self.leaseSeconds = leaseSeconds
    }

    public func job(named name: String) -> Job? { jobs.first { $0.name == name } }

    /// Commands a job may not run: they never end, or would start schedulers of their own.
    static let refusedCommands: Set<String> = ["serve", "scheduler", "jobs"]

    /// The file of `--schedule`, else `home/schedule.yaml` when it exists; nil when there is none.
    public static func path(explicit: String?, home: String) -> String? {
        if let explicit { return explicit }
        let implicit = (home as NSString).appendingPathComponent("schedule.yaml")
        return FileManager.default.fileExists(atPath: implicit) ? implicit : nil
    }

    public static func load(path: String) throws(JobScheduleError) -> JobSchedule {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw JobScheduleError(issues: [.init(keyPath: "", line: nil, column: nil, message: "cannot read the schedule file \(path)")])
        }
        return try JobSchedule(yaml: text)
    }

    /// Parses and validates a schedule, reporting every problem with its key path and line.
    public init(yaml: String) throws(JobScheduleError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw JobScheduleError(issues: [.init(keyPath: "", line: nil, column: nil, message: "not valid YAML: \(error)")])
        }
        guard let root else { throw JobScheduleError(issues: [.init(keyPath: "", line: 1, column: nil, message: "the schedule file is empty")]) }
        var reader = YAMLNodeReader()
        var schedule = JobSchedule(jobs: [])
        if let top = reader.mapping(root, at: "", allowed: ["jobs", "lease_seconds"]) {
            if let node = top["lease_seconds"], let lease = reader.double(node, at: "lease_seconds", in: 5...3_600) { schedule.leaseSeconds = lease }
            if let node = top["jobs"], let items = reader.sequence(node, at: "jobs") {
                if items.isEmpty { reader.report("jobs", node, "list at least one job") }
                for (index, item) in items.enumerated() {
                    guard let job = Self.readJob(item, at: "jobs[\(index)]", with: &reader) else { continue }
                    if schedule.job(named: job.name) != nil { reader.report("jobs[\(index)].name", item, "job '\(job.name)' is named twice") }
                    schedule.jobs.append(job)
                }
            } else if top["jobs"] == nil {
                reader.report("jobs", root, "required key is missing")
            }
        }
        guard reader.issues.isEmpty else { throw JobScheduleError(issues: reader.issues) }
        self = schedule
    }

    static func readJob(_ node: Node, at path: String, with reader: inout YAMLNodeReader) -> Job? {
        guard let map = reader.mapping(node, at: path, allowed: ["name", "cron", "run", "deadline_minutes", "timeout_minutes"]) else { return nil }
        var name: String?, cron: CronSchedule?, run: [String]?
        for key in ["name", "cron", "run"] where map[key] == nil { reader.report(map.path(key), node, "required key is missing") }
        if let value = map["name"], let text = reader.string(value, at: map.path("name")) {
            if text.count <= 64, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), text.first?.isLetter == true {
                name = text
            } else {
                reader.report(map.path("name"), value, "'\(text)' is not a job name: a letter, then letters, digits, '-' or '_' (at most 64)")
            }
        }
        if let value = map["cron"], let text = reader.string(value, at: map.path("cron")) {
            do {
                cron = try CronSchedule(text)
            } catch {
                reader.report(map.path("cron"), value, error.reason + " (e.g. \"0 2 * * *\": daily at 02:00 UTC)")
            }
        }
        if let value = map["run"], let arguments = reader.oneOrMoreStrings(value, at: map.path("run")) {
            if let command = arguments.first, Self.refusedCommands.contains(command) {
                reader.report(map.path("run"), value, "a job cannot run '\(command)': it would not end or would start another scheduler")
            } else if let first = arguments.first, first.hasPrefix("-") {
                reader.report(map.path("run"), value, "start with the command (score, ingest, monitor, campaign, deliver, …), not an option")
            } else if let bad = arguments.lazy.compactMap({ Self.unknownPlaceholder(in: $0) }).first {
                reader.report(map.path("run"), value, "unknown placeholder '{\(bad)}': use {date} or {date-N}")
            } else {
                run = arguments
            }
        }
        var job = Job(name: name ?? "", cron: cron ?? (try! CronSchedule("0 0 * * *")), run: run ?? [])
        if let value = map["deadline_minutes"], let minutes = reader.double(value, at: map.path("deadline_minutes"), in: 0...(60 * 24 * 31)) {
            job.deadline = minutes * 60
        }
        if let value = map["timeout_minutes"], let minutes = reader.double(value, at: map.path("timeout_minutes"), in: 0.05...(60 * 24 * 7)) {
            job.timeout = minutes * 60
        }
        guard name != nil, cron != nil, run != nil else { return nil }
        return job
    }

    /// `{name}` in an argument. A function, not a stored regex: `Regex` is not Sendable.
    static func placeholders(in argument: String) -> [Regex<(Substring, Substring)>.Match] {
        argument.matches(of: /\{([^{}]*)\}/)
    }

    static func unknownPlaceholder(in argument: String) -> String? {
        for match in placeholders(in: argument) {
            let inner = String(match.output.1)
            if inner == "date" { continue }
            if inner.hasPrefix("date-"), let days = Int(inner.dropFirst(5)), days >= 0 { continue }
            return inner
        }
        return nil
    }

    static func fill(_ argument: String, date: Date) -> String {
        argument.replacing(/\{([^{}]*)\}/) { match in
            let inner = String(match.output.1)
            let days = inner == "date" ? 0 : Int(inner.dropFirst(5)) ?? 0
            return Self.day(date.addingTimeInterval(-Double(days) * 86_400))
        }
    }

    static func day(_ date: Date) -> String {
        CalendarDay(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))).description
    }
}

/// A schedule file that cannot be used, with every problem found in it (key path and line).
public struct JobScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [ConfigurationIssue]

    public var description: String {
        "invalid schedule:\n" + issues.map { issue in
            "  " + (issue.line.map { "line \($0): " } ?? "") + (issue.keyPath.isEmpty ? "" : "\(issue.keyPath): ") + issue.message
        }.joined(separator: "\n")
    }
}
