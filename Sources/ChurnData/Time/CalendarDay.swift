import ChurnModel
import Foundation

/// A calendar day in UTC, stored as days since 1970-01-01.
///
/// Feature windows, snapshot dates and labels are all whole days; keeping them as integers makes
/// point-in-time comparisons exact and cheap. Parsing and formatting use the proleptic Gregorian
/// calendar without Foundation's `DateFormatter`, which is far too slow for millions of rows.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    public init(year: Int, month: Int, day: Int) {
        self.daysSinceEpoch = CivilDate(year: year, month: month, day: day).daysSinceEpoch
    }

    /// Parses `YYYY-MM-DD`, or the date part of an ISO 8601 timestamp (`YYYY-MM-DDTHH:MM:SSZ`).
    public init?(_ text: String) {
        var text = text
        let parsed: CalendarDay? = text.withUTF8 { CalendarDay(bytes: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the first ten bytes as `YYYY-MM-DD`; anything after a `T` or space is ignored.
    public init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        if bytes.count > 10, bytes[10] != 0x54, bytes[10] != 0x20 { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
            (1...12).contains(month), day >= 1, day <= CalendarDay.daysIn(month: month, year: year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let date = CivilDate(daysSinceEpoch: daysSinceEpoch)
        return (date.year, date.month, date.day)
    }

    public var description: String {
        let (year, month, day) = components
        guard (0...9999).contains(year) else { return String(format: "%04d-%02d-%02d", year, month, day) }
        // Hand-formatted: String(format:) dominated writing feature tables.
        let bytes: [UInt8] = [
            UInt8(48 + year / 1000), UInt8(48 + year / 100 % 10), UInt8(48 + year / 10 % 10), UInt8(48 + year % 10), 0x2D,
            UInt8(48 + month / 10), UInt8(48 + month % 10), 0x2D, UInt8(48 + day / 10), UInt8(48 + day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The same day `months` months later, clamped to the month's last day.
    public func adding(months: Int) -> CalendarDay {
        let (year, month, day) = components
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        return CalendarDay(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))
    }

    public static func - (lhs: CalendarDay, rhs: CalendarDay) -> Int {
        lhs.daysSinceEpoch - rhs.daysSinceEpoch
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        CivilDate.daysIn(month: month, year: year)
    }
}

extension CalendarDay {
    /// The first instant of the day, UTC.
    public var midnightUTC: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }
}

extension CalendarDay {
    /// Parses a day or fails with an error naming what was wrong.
    public static func parse(_ text: String, field: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw DateParseError(field: field, text: text)
        }
        return day
    }
}

public struct DateParseError: Error, CustomStringConvertible {
    public var field: String
    public var text: String
    public var description: String {
        "\(field): '\(text)' is not a date; expected YYYY-MM-DD (for example 2025-06-01)"
    }
}
