import Foundation

/// Reads one raw table row by row, resolving columns by header name and counting every missing or
/// invalid cell into a ``RawTableReport``.
///
/// Loaders ask for cells by the position of the column in their own column list; the scanner maps
/// that to the file's layout, so column order in a business export does not matter and extra
/// columns are ignored.
final class RawTableScanner {
    let file: String
    let source: String
    private let path: String
    private var positions: [Int] = []
    private(set) var report: RawTableReport
    private var rowHasError = false
    private var sawHeader = false
    /// Where the current row is, for rows that have no file line (a database row's key); issues
    /// name it instead of the line. Asked only when an issue is noted.
    var rowPlace: (() -> String)?

    /// - Parameters:
    ///   - file: the table's file name (docs/DATA.md), which names it in reports.
    ///   - source: what issues name as the row's origin, when not the file (a database table).
    init(directory: String, file: String, source: String? = nil, columns: [(name: String, required: Bool)]) {
        self.file = file
        self.source = source ?? file
        self.path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
        self.report = RawTableReport(
            file: file,
            columns: columns.map { RawTableReport.Column(name: $0.name, required: $0.required, present: false) })
    }

    /// Calls `body` for every data record; a record for which `body` calls ``reject(_:_:_:)`` or
    /// meets a missing required cell should return early and is counted as skipped.
    func scan(_ body: (CSVRow) throws -> Void) throws {
        let reader = try openFile()
        while try scanBlock(of: reader, body) {}
        try finishFile()
    }

    /// The file, for reading a block at a time with ``scanBlock(of:_:)``.
    func openFile() throws -> CSVBlockReader {
        do {
            return try CSVBlockReader(path: path)
        } catch {
            throw RawTableError.missingFile(path: path)
        }
    }

    /// Scans the next block of `reader` (the header first); false at the end of the file.
    func scanBlock(of reader: CSVBlockReader, _ body: (CSVRow) throws -> Void) throws -> Bool {
        try reader.nextBlock(onIssue: { issue in
            self.report.rows += 1
            self.report.skippedRows += 1
            self.report.malformedRecords += 1
            self.report.note(RawRowIssue(file: self.source, line: issue.line, column: "(record)", value: "", reason: issue.description))
        }) { row in
            if !sawHeader {
                try readHeader(names: row.strings())
                sawHeader = true
                return
            }
            try process(row, body)
        }
    }

    /// Throws when the file ended without a header.
    func finishFile() throws {
        if !sawHeader { throw RawTableError.emptyFile(path: path) }
    }

    /// For rows that do not come from the file (a database table with the same columns): the
    /// column names in the order of the cells that ``process(_:_:)`` will be given.
    func begin(header: [String]) throws {
        try readHeader(names: header)
        sawHeader = true
    }

    /// Counts one data record and hands it to `body`.
    func process(_ row: CSVRow, _ body: (CSVRow) throws -> Void) rethrows {
        report.rows += 1
        rowHasError = false
        try body(row)
        if rowHasError { report.skippedRows += 1 }
    }

    private func readHeader(names: [String]) throws {
        let header = names.map { $0.trimmingCharacters(in: .whitespaces) }
        positions = report.columns.indices.map { column in header.firstIndex(of: report.columns[column].name) ?? -1 }
        for column in report.columns.indices {
            report.columns[column].present = positions[column] >= 0
            if positions[column] < 0, report.columns[column].required {
                throw RawTableError.missingColumn(file: file, column: report.columns[column].name, header: header)
            }
        }
    }

    /// The cell of `column`, or nil when it is blank or absent (counted as missing; a missing
    /// required cell also marks the row as skipped).
    func cell(_ row: CSVRow, _ column: Int) -> CSVField? {
        let position = positions[column]
        if position >= 0, position < row.count {
            let field = row[position]
            if !field.isBlank { return field }
        }
        report.columns[column].missing += 1
        if report.columns[column].required {
            if !rowHasError {
                report.note(RawRowIssue(file: source, line: row.line, place: rowPlace?(), column: report.columns[column].name, value: "", reason: "is a required value"))
            }
            rowHasError = true
        }
        return nil
    }

    /// Records an unreadable cell. For a required column the row is skipped; for an optional one the
    /// caller keeps the row and treats the value as missing.
    func reject(_ row: CSVRow, _ column: Int, _ reason: String) {
        report.columns[column].invalid += 1
        let position = positions[column]
        let value = position >= 0 && position < row.count ? row[position].string : ""
        report.note(RawRowIssue(file: source, line: row.line, place: rowPlace?(), column: report.columns[column].name, value: value, reason: reason))
        if report.columns[column].required { rowHasError = true }
    }

    /// Skips the current row, which belongs to a customer whose own row was rejected (the cause,
    /// already reported in `customers.csv`).
    func skipRowOfRejectedCustomer() {
        rowHasError = true
        report.rowsOfRejectedCustomers += 1
    }

    /// True once a required cell of the current row was missing or rejected.
    var rowIsSkipped: Bool { rowHasError }

    // MARK: Typed cells: nil when missing or invalid (already counted).

    func day(_ row: CSVRow, _ column: Int) -> Int32? {
        guard let field = cell(row, column) else { return nil }
        guard field.bytes.count == 10, let day = CalendarDay(bytes: field.bytes) else {
            reject(row, column, "is not a date; expected YYYY-MM-DD")
            return nil
        }
        return Int32(day.daysSinceEpoch)
    }

    func timestamp(_ row: CSVRow, _ column: Int) -> Int64? {
        guard let field = cell(row, column) else { return nil }
        guard let seconds = RawTimestamp.seconds(field.bytes) else {
            reject(row, column, "is not a timestamp; expected YYYY-MM-DDTHH:MM:SSZ")
            return nil
        }
        return seconds
    }

    func number(_ row: CSVRow, _ column: Int, range: ClosedRange<Double>) -> Double? {
        guard let field = cell(row, column) else { return nil }
        guard let value = field.double, value.isFinite else {
            reject(row, column, "is not a number")
            return nil
        }
        guard range.contains(value) else {
            reject(row, column, "is outside \(FeatureValueText.range(range))")
            return nil
        }
        return value
    }

    func count(_ row: CSVRow, _ column: Int) -> UInt16? {
        guard let field = cell(row, column) else { return nil }
        guard let value = field.int, value >= 0, value <= Int(UInt16.max) else {
            reject(row, column, "is not a whole number from 0 to \(UInt16.max)")
            return nil
        }
        return UInt16(value)
    }

    /// The position of the cell's text in `vocabulary` (the values docs/DATA.md allows).
    func code(_ row: CSVRow, _ column: Int, _ vocabulary: [String]) -> UInt8? {
        guard let field = cell(row, column) else { return nil }
        let bytes = field.bytes
        for (index, word) in vocabulary.enumerated() where word.utf8.count == bytes.count {
            var word = word
            let same = word.withUTF8 { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if same { return UInt8(index) }
        }
        reject(row, column, "is not one of \(vocabulary.joined(separator: ", "))")
        return nil
    }
}

/// Formatting for messages about numeric ranges.
enum FeatureValueText {
    static func range(_ range: ClosedRange<Double>) -> String {
        if range.upperBound == .greatestFiniteMagnitude { return "\(number(range.lowerBound)) or more" }
        return "\(number(range.lowerBound)) … \(number(range.upperBound))"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
