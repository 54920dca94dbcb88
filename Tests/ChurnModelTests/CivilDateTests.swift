import ChurnModel
import Testing

@Suite struct CivilDateTests {
    @Test func knownDates() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
        #expect(CivilDate(year: 2024, month: 2, day: 29).daysSinceEpoch == 19_782)
        #expect(CivilDate(year: 1969, month: 12, day: 31).daysSinceEpoch == -1)
        #expect(CivilDate(year: 1900, month: 1, day: 1).daysSinceEpoch == -25_567)
        #expect(CivilDate(daysSinceEpoch: 20_000) == CivilDate(year: 2024, month: 10, day: 4))
        #expect(CivilDate(daysSinceEpoch: -719_468) == CivilDate(year: 0, month: 3, day: 1))
    }

    @Test func weekdaysCountFromSunday() {
        #expect(CivilDate.weekday(daysSinceEpoch: 0) == 4)  // Thursday
        #expect(CivilDate.weekday(daysSinceEpoch: CivilDate(year: 2025, month: 6, day: 1).daysSinceEpoch) == 0)  // Sunday
        #expect(CivilDate.weekday(daysSinceEpoch: -1) == 3)
        #expect(CivilDate.weekday(daysSinceEpoch: -7) == 4)
    }

    /// Every day from 1600 to 2400 (eight centuries, with 1700, 1800, 1900 not leap and 2000 leap):
    /// consecutive days, valid components, and the conversion back gives the same count.
    @Test func roundTripsEveryDayOverFourCenturies() {
        let first = CivilDate(year: 1600, month: 1, day: 1).daysSinceEpoch
        let last = CivilDate(year: 2400, month: 12, day: 31).daysSinceEpoch
        var previous = CivilDate(daysSinceEpoch: first - 1)
        var februaryTwentyNinths = 0
        var wrong: [Int] = []
        for days in first...last {
            let date = CivilDate(daysSinceEpoch: days)
            let nextOfPrevious = previous.day < CivilDate.daysIn(month: previous.month, year: previous.year)
                ? CivilDate(year: previous.year, month: previous.month, day: previous.day + 1)
                : previous.month < 12 ? CivilDate(year: previous.year, month: previous.month + 1, day: 1)
                : CivilDate(year: previous.year + 1, month: 1, day: 1)
            if date.daysSinceEpoch != days || date != nextOfPrevious { wrong.append(days) }
            if date.month == 2, date.day == 29 { februaryTwentyNinths += 1 }
            previous = date
        }
        #expect(wrong.isEmpty, "first wrong days: \(wrong.prefix(5))")
        // 201 multiples of 4 from 1600 to 2400, less 1700, 1800, 1900, 2100, 2200 and 2300.
        #expect(februaryTwentyNinths == 195)
        #expect(CivilDate.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilDate.daysIn(month: 2, year: 2000) == 29)
    }
}
