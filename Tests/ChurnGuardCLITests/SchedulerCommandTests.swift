import Foundation
import Testing

/// `churnguard jobs` and `churnguard scheduler --once` with real child processes: each job is this
/// same binary run with the schedule's arguments, its output kept in HOME/job-logs, its run in the
/// store's history.
@Suite struct SchedulerCommandTests {
    static func home(schedule: String) throws -> String {
        let home = try CLIProcess.temporaryDirectory().path
        try schedule.write(toFile: home + "/schedule.yaml", atomically: true, encoding: .utf8)
        return home
    }

    @Test func jobsRunRecordsSuccessAndFailureWithTheJobsOwnError() async throws {
        let home = try Self.home(schedule: """
            jobs:
              - name: show-version
                cron: "0 2 * * *"
                run: [version]
              - name: monitor-today
                cron: "30 3 * * *"
                run: [monitor, --as-of, "{date}"]
            """)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let ok = try await CLIProcess.run(["jobs", "run", "show-version", "--home", home])
        #expect(ok.status == 0 && ok.standardOutput.contains("show-version: succeeded"), "\(ok.standardOutput)\(ok.standardError)")
        let log = try String(contentsOfFile: home + "/job-logs/show-version.log", encoding: .utf8)
        #expect(log.contains("churnguard version") && log.split(separator: "\n").count >= 2, "\(log)")

        // No production model: the job fails, and its own error message is kept.
        let failed = try await CLIProcess.run(["jobs", "run", "monitor-today", "--home", home])
        #expect(failed.status == 1, "\(failed.standardOutput)\(failed.standardError)")
        #expect(failed.standardOutput.contains("monitor-today: failed (exit 1)") && failed.standardOutput.contains("production"), "\(failed.standardOutput)")

        let history = try await CLIProcess.run(["jobs", "history", "--home", home])
        let lines = history.standardOutput.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains("monitor-today  failed") && lines[1].contains("show-version  succeeded"), "\(history.standardOutput)")
        let list = try await CLIProcess.run(["jobs", "list", "--home", home])
        #expect(list.standardOutput.contains("show-version  \"0 2 * * *\"  next ") && list.standardOutput.contains("last succeeded"), "\(list.standardOutput)")

        let unknown = try await CLIProcess.run(["jobs", "run", "weekly", "--home", home])
        #expect(unknown.status != 0 && unknown.standardError.contains("no job named 'weekly'"), "\(unknown.standardError)")
    }

    @Test func schedulerOnceCatchesUpAMissedRunOnlyOnce() async throws {
        // The 1st of every month at 00:00, with a deadline of 31 days: this month's run is always missed and due.
        let home = try Self.home(schedule: """
            jobs:
              - name: monthly
                cron: "0 0 1 * *"
                run: [version]
                deadline_minutes: 44640
            """)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let first = try await CLIProcess.run(["scheduler", "--once", "--home", home])
        #expect(first.status == 0 && first.standardOutput.contains("monthly: succeeded"), "\(first.standardOutput)\(first.standardError)")
        let second = try await CLIProcess.run(["scheduler", "--once", "--home", home])
        #expect(second.status == 0 && !second.standardOutput.contains("monthly"), "\(second.standardOutput)")
        let history = try await CLIProcess.run(["jobs", "history", "monthly", "--home", home])
        #expect(history.standardOutput.split(separator: "\n").count == 1 && history.standardOutput.contains("catch_up"), "\(history.standardOutput)")

        let invalid = try Self.home(schedule: "jobs:\n  - name: x\n    cron: \"61 * * * *\"\n    run: [version]\n")
        defer { try? FileManager.default.removeItem(atPath: invalid) }
        let refused = try await CLIProcess.run(["scheduler", "--once", "--home", invalid])
        #expect(refused.status != 0 && refused.standardError.contains("line 3: jobs[0].cron"), "\(refused.standardError)")
    }
}
