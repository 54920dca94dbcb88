import Testing
@testable import ChurnData

@Suite struct SnapshotDatesTests {
    @Test func monthlyRunsFromTheSecondMonthToTheLastObservedMonth() throws {
        let dates = try SnapshotDates.parse(
            "monthly", dataStart: CalendarDay(year: 2024, month: 1, day: 15), dataEnd: CalendarDay(year: 2024, month: 6, day: 1))
        #expect(dates.map(\.description) == ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"])
        let partial = try SnapshotDates.parse(
            "monthly", dataStart: CalendarDay(year: 2024, month: 1, day: 1), dataEnd: CalendarDay(year: 2024, month: 3, day: 2))
        #expect(partial.map(\.description) == ["2024-02-01", "2024-03-01"])
    }

    @Test func explicitDatesAreSortedAndDeduplicated() throws {
        let dates = try SnapshotDates.parse("2024-05-01, 2024-03-01,2024-05-01", dataStart: nil, dataEnd: nil)
        #expect(dates.map(\.description) == ["2024-03-01", "2024-05-01"])
        #expect(throws: SnapshotDateError.badDate("2024-13-01")) {
            try SnapshotDates.parse("2024-13-01", dataStart: nil, dataEnd: nil)
        }
    }

    @Test func horizonIsWrittenInDays() throws {
        #expect(try SnapshotDates.horizonDays("90d") == 90)
        #expect(throws: SnapshotDateError.badHorizon("90")) { try SnapshotDates.horizonDays("90") }
        #expect(throws: SnapshotDateError.badHorizon("0d")) { try SnapshotDates.horizonDays("0d") }
    }

    @Test func timestampsParseToUTCSeconds() {
        func seconds(_ text: String) -> Int64? {
            var text = text
            return text.withUTF8 { RawTimestamp.seconds($0) }
        }
        #expect(seconds("1970-01-02T00:00:01Z") == 86_401)
        #expect(seconds("1970-01-02") == 86_400)
        #expect(seconds("1970-01-02T01:00:00+01:00") == 86_400)
        #expect(seconds("1970-01-02T00:00:00.250Z") == 86_400)
        #expect(seconds("1970-01-02T25:00:00Z") == nil)
        #expect(seconds("1970-01-02X") == nil)
        #expect(RawTimestamp.day(ofSeconds: -1) == -1)
    }
}
