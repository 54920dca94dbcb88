import Foundation
import Testing
@testable import ChurnDecisions

@Suite struct CronScheduleTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func weeklyRunFiresNextMondayAtTwo() throws {
        let weekly = try CronSchedule("0 2 * * MON")
        // Wednesday 2025-10-01 10:00 → Monday 2025-10-06 02:00.
        #expect(weekly.next(after: Self.date("2025-10-01T10:00:00Z")) == Self.date("2025-10-06T02:00:00Z"))
        // Exactly at a firing time, the next one is a week later.
        #expect(weekly.next(after: Self.date("2025-10-06T02:00:00Z")) == Self.date("2025-10-13T02:00:00Z"))
        #expect(weekly.next(after: Self.date("2025-10-06T01:59:30Z")) == Self.date("2025-10-06T02:00:00Z"))
    }

    @Test func stepsRangesListsAndNames() throws {
        #expect(try CronSchedule("*/15 * * * *").next(after: Self.date("2025-10-01T10:07:00Z")) == Self.date("2025-10-01T10:15:00Z"))
        #expect(try CronSchedule("30 9-17/4 * * *").next(after: Self.date("2025-10-01T13:31:00Z")) == Self.date("2025-10-01T17:30:00Z"))
        #expect(try CronSchedule("0 0 1 JAN,jul *").next(after: Self.date("2025-10-01T00:00:00Z")) == Self.date("2026-01-01T00:00:00Z"))
        // Sunday is 0 and 7.
        #expect(try CronSchedule("0 0 * * 7").next(after: Self.date("2025-10-01T00:00:00Z")) == Self.date("2025-10-05T00:00:00Z"))
        // Both day fields restricted: either matches (the 15th, or a Friday).
        #expect(try CronSchedule("0 0 15 * FRI").next(after: Self.date("2025-10-01T00:00:00Z")) == Self.date("2025-10-03T00:00:00Z"))
        #expect(try CronSchedule("0 0 29 FEB *").next(after: Self.date("2025-03-01T00:00:00Z")) == Self.date("2028-02-29T00:00:00Z"))
        #expect(try CronSchedule("0 0 30 FEB *").next(after: Self.date("2025-03-01T00:00:00Z")) == nil)
    }

    @Test func previousFindsTheLatestFiringAtOrBefore() throws {
        let daily = try CronSchedule("0 2 * * *")
        #expect(daily.previous(atOrBefore: Self.date("2025-10-01T10:00:00Z")) == Self.date("2025-10-01T02:00:00Z"))
        #expect(daily.previous(atOrBefore: Self.date("2025-10-01T01:59:59Z")) == Self.date("2025-09-30T02:00:00Z"))
        // A firing time itself counts.
        #expect(daily.previous(atOrBefore: Self.date("2025-10-01T02:00:00Z")) == Self.date("2025-10-01T02:00:00Z"))
        #expect(try CronSchedule("*/15 * * * *").previous(atOrBefore: Self.date("2025-10-01T10:07:00Z")) == Self.date("2025-10-01T10:00:00Z"))
        #expect(try CronSchedule("0 3 1 * *").previous(atOrBefore: Self.date("2025-10-01T02:00:00Z")) == Self.date("2025-09-01T03:00:00Z"))
        #expect(try CronSchedule("0 0 29 FEB *").previous(atOrBefore: Self.date("2027-03-01T00:00:00Z")) == Self.date("2024-02-29T00:00:00Z"))
        #expect(try CronSchedule("0 0 30 FEB *").previous(atOrBefore: Self.date("2025-03-01T00:00:00Z")) == nil)
        // next and previous agree: the previous of the next is the next.
        let weekly = try CronSchedule("45 6 * * MON-FRI")
        var probe = Self.date("2025-10-01T00:00:00Z")
        for _ in 0..<20 {
            let next = try #require(weekly.next(after: probe))
            #expect(weekly.previous(atOrBefore: next) == next)
            #expect(weekly.previous(atOrBefore: next.addingTimeInterval(-1)).map { $0 < next } == true)
            probe = next
        }
    }

    @Test func badExpressionsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("0 2 * *", "expected five fields"),
            ("60 2 * * MON", "minute '60' is not in 0…59"),
            ("0 2 * * FUNDAY", "day of week 'FUNDAY'"),
            ("0 5-2 * * *", "runs backwards"),
            ("*/0 * * * *", "step '0' must be a positive number"),
        ]
        for (expression, message) in cases {
            #expect {
                try CronSchedule(expression)
            } throws: { error in
                (error as? CronError)?.description.contains(message) == true
            }
        }
    }

    @Test func programFilesCheckTheirSchedule() {
        let yaml = """
            programId: x
            tiers: {high: 0.7, medium: 0.4}
            offers:
              - {riskLevel: high, offerType: standard, discount: 30, durationMonths: 3}
            schedule: "0 25 * * MON"
            """
        #expect {
            try RetentionProgram(yaml: yaml)
        } throws: { error in
            let text = "\(error)"
            return text.contains("schedule") && text.contains("hour '25'") && text.contains("line 5")
        }
    }
}
