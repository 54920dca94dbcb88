import ChurnData
import ChurnStore
import Foundation

/// Reads retention outcomes from CSV: a header naming `outcome_id`, `campaign_id`, `customer_id`,
/// `retained` (true/false/1/0/retained/churned) and optionally `observed_at` (YYYY-MM-DD or ISO 8601;
/// the time of reading when absent) and `notes` (free text, sealed at rest). Each line is an
/// outcome or an error naming its line and field.
public enum OutcomeCSV {
    public static let requiredColumns = ["outcome_id", "campaign_id", "customer_id", "retained"]

    public static func read(path: String, recordedBy: String, now: Date = Date()) throws -> [Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError>] {
        try read(CSVReader(path: path), name: path, recordedBy: recordedBy, now: now)
    }

    /// The same from bytes already in memory (the console's upload); `name` stands for the file in messages.
    public static func read(data: Data, name: String, recordedBy: String, now: Date = Date()) throws -> [Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError>] {
        try read(CSVReader(data: data), name: name, recordedBy: recordedBy, now: now)
    }

    private static func read(_ reader: CSVReader, name path: String, recordedBy: String, now: Date) throws -> [Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError>] {
        var header: [String: Int]?
        var rows: [Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError>] = []
        try reader.forEachRecord(onIssue: { issue in
            rows.append(.failure(OutcomeCSVError(message: "line \(issue.line): \(issue.reason)")))
        }) { record in
            let fields = record.strings()
            guard let columns = header else {
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                let missing = requiredColumns.filter { !names.contains($0) }
                guard missing.isEmpty else {
                    throw OutcomeCSVError(message: "\(path): the header lacks \(missing.joined(separator: ", ")); expected \(requiredColumns.joined(separator: ",")) and optionally observed_at,notes")
                }
                header = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                return
            }
            rows.append(parse(fields, line: record.line, columns: columns, recordedBy: recordedBy, now: now))
        }
        if header == nil { throw OutcomeCSVError(message: "\(path) is empty; expected a header \(requiredColumns.joined(separator: ",")) and optionally observed_at,notes") }
        return rows
    }

    static func parse(_ fields: [String], line: Int, columns: [String: Int], recordedBy: String, now: Date)
        -> Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError> {
        func field(_ name: String) -> String? {
            guard let index = columns[name], index < fields.count else { return nil }
            let value = fields[index].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        func failure(_ name: String, _ reason: String) -> Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError> {
            .failure(OutcomeCSVError(message: "line \(line): \(name): \(reason)"))
        }
        guard let outcomeID = field("outcome_id") else { return failure("outcome_id", "is empty") }
        guard let campaignID = field("campaign_id") else { return failure("campaign_id", "is empty") }
        guard let customerID = field("customer_id") else { return failure("customer_id", "is empty") }
        guard let retainedText = field("retained") else { return failure("retained", "is empty") }
        guard let retained = retainedValue(retainedText) else {
            return failure("retained", "'\(retainedText)' is not true/false, 1/0 or retained/churned")
        }
        let notes = field("notes")
        if let problem = OutcomeRecord.notesProblem(notes) { return failure("notes", problem) }
        var observedAt = now
        if let text = field("observed_at") {
            guard let date = timestamp(text) else { return failure("observed_at", "'\(text)' is not YYYY-MM-DD or an ISO 8601 time") }
            observedAt = date
        }
        return .success((line, OutcomeRecord(outcomeID: outcomeID, campaignID: campaignID, customerID: customerID,
                                             retained: retained, observedAt: observedAt, recordedAt: now, recordedBy: recordedBy, notes: notes)))
    }

    public static func retainedValue(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "retained", "yes": true
        case "false", "0", "churned", "no": false
        default: nil
        }
    }

    /// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 / ISO 8601 time with zone (`T` or space, any
    /// number of fractional digits, `Z` or `±HH:MM`, either case).
    public static func timestamp(_ text: String) -> Date? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        guard let day = CalendarDay(String(text.prefix(10))) else { return nil }
        var seconds = day.midnightUTC.timeIntervalSince1970
        guard let hourText = match.4 else { return Date(timeIntervalSince1970: seconds) }
        guard let hour = Int(hourText), let minute = Int(match.5!), let second = Int(match.6!),
              hour < 24, minute < 60, second <= 60 else { return nil }
        seconds += Double(hour * 3_600 + minute * 60 + min(second, 59))
        if let fraction = match.7, let value = Double("0" + fraction) { seconds += value }
        let zone = match.8!
        if zone != "Z", zone != "z" {
            let sign: Double = zone.hasPrefix("-") ? -1 : 1
            let parts = zone.dropFirst().split(separator: ":")
            guard let zoneHours = Int(parts[0]), let zoneMinutes = Int(parts[1]), zoneHours < 24, zoneMinutes < 60 else { return nil }
            seconds -= sign * Double(zoneHours * 3_600 + zoneMinutes * 60)
        }
        return Date(timeIntervalSince1970: seconds)
    }
}

public struct OutcomeCSVError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
}
