import ChurnDecisions
import Foundation
import Testing
@testable import ChurnServices

@Suite struct JobScheduleTests {
    @Test func readsJobsWithDefaultsAndFillsTheDatePlaceholders() throws {
        let schedule = try JobSchedule(yaml: """
            lease_seconds: 30
            jobs:
              - name: nightly-scoring
                cron: "0 2 * * *"
                run: [score, --as-of, "{date}"]
                deadline_minutes: 360
              - name: monitoring
                cron: "30 3 * * *"
                run: [monitor, --as-of, "{date-1}", --fail-on, alert]
                timeout_minutes: 30
            """)
        #expect(schedule.leaseSeconds == 30)
        #expect(schedule.jobs.map(\.name) == ["nightly-scoring", "monitoring"])
        let scoring = try #require(schedule.job(named: "nightly-scoring"))
        #expect(scoring.deadline == 360 * 60 && scoring.timeout == 7_200)
        #expect(schedule.job(named: "monitoring")?.deadline == 3_600)
        let occurrence = try #require(ISO8601DateFormatter().date(from: "2026-03-01T02:00:00Z"))
        #expect(scoring.arguments(for: occurrence) == ["score", "--as-of", "2026-03-01"])
        #expect(schedule.job(named: "monitoring")?.arguments(for: occurrence) == ["monitor", "--as-of", "2026-02-28", "--fail-on", "alert"])
    }

    @Test func everyProblemIsReportedWithItsKeyAndLine() {
        do {
            _ = try JobSchedule(yaml: """
                jobs:
                  - name: nightly
                    cron: "0 25 * * *"
                    run: [score, --as-of, "{today}"]
                  - name: nightly
                    cron: "0 2 * * *"
                    run: [serve]
                    timout_minutes: 5
                  - cron: "@daily"
                    run: --as-of
                """)
            Issue.record("an invalid schedule was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("line 3: jobs[0].cron:") && text.contains("hour"), "\(text)")
            #expect(text.contains("line 4: jobs[0].run: unknown placeholder '{today}'"), "\(text)")
            #expect(text.contains("jobs[1].run: a job cannot run 'serve'"), "\(text)")
            #expect(text.contains("jobs[1].timout_minutes: unknown key 'timout_minutes' (did you mean 'timeout_minutes'?)"), "\(text)")
            #expect(text.contains("jobs[2].name: required key is missing"), "\(text)")
            #expect(text.contains("jobs[2].run: start with the command"), "\(text)")
        }
        #expect(throws: JobScheduleError.self) { try JobSchedule(yaml: "jobs: []") }
        #expect(throws: JobScheduleError.self) { try JobSchedule(yaml: "") }
    }
}
