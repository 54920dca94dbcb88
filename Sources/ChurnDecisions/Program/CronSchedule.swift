import ChurnModel
import Foundation

/// A five-field cron expression (minute hour day-of-month month day-of-week, in UTC), as a
/// program's `schedule` gives it: numbers, `*`, ranges `a-b`, steps `*/n` and `a-b/n`, lists
/// `a,b`, month names `JAN`…`DEC` and day names `SUN`…`SAT` (0 and 7 are Sunday). As in cron,
/// when both day fields are restricted a day matching either one fires.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public var description: String { expression }

    public init(_ expression: String) throws(CronError) {
        let fields = expression.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw CronError(expression: expression, reason: "expected five fields (minute hour day-of-month month day-of-week), like \"0 2 * * MON\"")
        }
        self.expression = expression
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [:], expression: expression)
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [:], expression: expression)
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [:], expression: expression)
        let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        months = try Self.field(fields[3], name: "month", range: 1...12,
                                names: Dictionary(uniqueKeysWithValues: monthNames.enumerated().map { ($1, $0 + 1) }), expression: expression)
        let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        let weekdays = try Self.field(fields[4], name: "day of week", range: 0...7,
                                      names: Dictionary(uniqueKeysWithValues: dayNames.enumerated().map { ($1, $0) }), expression: expression)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// The first time strictly after `date` (to the minute) at which the schedule fires; `nil` if it
    /// never does within eight years (e.g. `0 0 30 FEB *`).
    public func next(after date: Date) -> Date? {
        let startMinute = Int((date.timeIntervalSince1970 / 60).rounded(.down)) + 1
        var day = startMinute.floorDiv(1_440)
        let lastDay = day + 8 * 366
        while day <= lastDay {
            if matches(day: day) {
                let firstMinute = day == startMinute.floorDiv(1_440) ? startMinute - day * 1_440 : 0
                for minuteOfDay in firstMinute..<1_440 where hours.contains(minuteOfDay / 60) && minutes.contains(minuteOfDay % 60) {
                    return Date(timeIntervalSince1970: Double(day * 1_440 + minuteOfDay) * 60)
                }
            }
            day += 1
        }
        return nil
    }

    /// The latest time at or before `date` (to the minute) at which the schedule fires; `nil` if it
    /// never did within the eight years before. The scheduler's catch-up looks for a missed run with it.
    public func previous(atOrBefore date: Date) -> Date? {
        let endMinute = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        var day = endMinute.floorDiv(1_440)
        let firstDay = day - 8 * 366
        while day >= firstDay {
            if matches(day: day) {
                let lastMinute = day == endMinute.floorDiv(1_440) ? endMinute - day * 1_440 : 1_439
                for minuteOfDay in stride(from: lastMinute, through: 0, by: -1) where hours.contains(minuteOfDay / 60) && minutes.contains(minuteOfDay % 60) {
                    return Date(timeIntervalSince1970: Double(day * 1_440 + minuteOfDay) * 60)
                }
            }
            day -= 1
        }
        return nil
    }

    private func matches(day: Int) -> Bool {
        let date = CivilDate(daysSinceEpoch: day)
        guard months.contains(date.month) else { return false }
        let domMatch = daysOfMonth.contains(date.day)
        let dowMatch = daysOfWeek.contains(CivilDate.weekday(daysSinceEpoch: day))
        if dayOfMonthRestricted && dayOfWeekRestricted { return domMatch || dowMatch }
        return domMatch && dowMatch
    }

    private static func field(
        _ text: String, name: String, range: ClosedRange<Int>, names: [String: Int], expression: String
    ) throws(CronError) -> Set<Int> {
        func value(_ token: Substring) throws(CronError) -> Int {
            if let number = Int(token), range.contains(number) { return number }
            if let named = names[token.uppercased()] { return named }
            throw CronError(expression: expression, reason: "\(name) '\(token)' is not in \(range.lowerBound)…\(range.upperBound)"
                            + (names.isEmpty ? "" : " or a name like \(names.keys.sorted().first!)"))
        }
        var result = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else {
                throw CronError(expression: expression, reason: "\(name) '\(part)' is not a value, range or step")
            }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed >= 1 else {
                    throw CronError(expression: expression, reason: "\(name) step '\(pieces[1])' must be a positive number")
                }
                step = parsed
            }
            let lower: Int, upper: Int
            if pieces[0] == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if let dash = pieces[0].firstIndex(of: "-") {
                lower = try value(pieces[0][..<dash])
                upper = try value(pieces[0][pieces[0].index(after: dash)...])
                guard lower <= upper else { throw CronError(expression: expression, reason: "\(name) range '\(pieces[0])' runs backwards") }
            } else {
                lower = try value(pieces[0])
                upper = pieces.count == 2 ? range.upperBound : lower
            }
            result.formUnion(stride(from: lower, through: upper, by: step))
        }
        return result
    }
}

public struct CronError: Error, Equatable, CustomStringConvertible {
    public var expression: String
    public var reason: String
    public var description: String { "schedule \"\(expression)\": \(reason)" }
}

extension Int {
    fileprivate func floorDiv(_ divisor: Int) -> Int { (self >= 0 ? self : self - divisor + 1) / divisor }
}
