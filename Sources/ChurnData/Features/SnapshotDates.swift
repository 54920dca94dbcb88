import Foundation

/// Parses the snapshot-date and horizon options of `churnguard features`.
public enum SnapshotDates {
    /// `monthly`, or a comma-separated list of `YYYY-MM-DD` dates.
    ///
    /// `monthly` means the first day of every month from the month after the data starts to the
    /// month of the last observed day (`dataEnd − 1`): the first month has no history before it.
    public static func parse(_ text: String, dataStart: CalendarDay?, dataEnd: CalendarDay?) throws -> [CalendarDay] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "monthly" {
            guard let dataStart, let dataEnd, dataStart < dataEnd else { throw SnapshotDateError.noData }
            let (year, month, _) = dataStart.components
            var day = CalendarDay(year: year, month: month, day: 1).adding(months: 1)
            let last = dataEnd.adding(days: -1)
            var dates: [CalendarDay] = []
            while day <= last {
                dates.append(day)
                day = day.adding(months: 1)
            }
            guard !dates.isEmpty else { throw SnapshotDateError.noMonths(start: dataStart, end: dataEnd) }
            return dates
        }
        let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        var dates: [CalendarDay] = []
        for part in parts {
            let value = part.trimmingCharacters(in: .whitespaces)
            guard let day = CalendarDay(value), value.count == 10 else { throw SnapshotDateError.badDate(value) }
            dates.append(day)
        }
        return Array(Set(dates)).sorted()
    }

    /// `Nd` (for example `90d`): a whole number of days, at least 1.
    public static func horizonDays(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("d"), let days = Int(trimmed.dropLast()), days >= 1 else {
            throw SnapshotDateError.badHorizon(text)
        }
        return days
    }
}

/// A snapshot-date or horizon option that cannot be used.
public enum SnapshotDateError: Error, CustomStringConvertible, Equatable {
    case badDate(String)
    case badHorizon(String)
    case noData
    case noMonths(start: CalendarDay, end: CalendarDay)

    public var description: String {
        switch self {
        case .badDate(let text):
            return "--as-of: '\(text)' is not a date; give YYYY-MM-DD[,YYYY-MM-DD…] or 'monthly'"
        case .badHorizon(let text):
            return "--horizon: '\(text)' is not a number of days; write it as Nd, for example 90d"
        case .noData:
            return "--as-of monthly: the data has no rows to take months from; give explicit dates"
        case .noMonths(let start, let end):
            return "--as-of monthly: the data (\(start) to \(end)) spans no month after its first; give explicit dates"
        }
    }
}
