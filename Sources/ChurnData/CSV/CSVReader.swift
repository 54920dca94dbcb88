import Foundation

/// A fast, streaming RFC 4180 CSV reader.
///
/// Handles quoted fields with embedded commas, quotes (`""`) and newlines, LF and CRLF line ends,
/// and a UTF-8 byte-order mark. The file is memory-mapped and parsed byte by byte; each record is
/// handed to a closure as a ``CSVRow`` whose fields are views into a reused buffer, so reading
/// millions of rows allocates almost nothing. A malformed record (a stray quote, an unterminated
/// quoted field) is reported as a ``CSVIssue`` with its line and column; by default that stops the
/// read, and a caller that wants to skip bad rows and count them passes `onIssue`.
public struct CSVReader: Sendable {
    private let data: Data
    private let firstLine: Int

    /// - Parameter firstLine: the line number of the first byte of `data`, for a part of a larger
    ///   file (see ``CSVChunkedReader``), so that records and issues carry the file's line numbers.
    public init(data: Data, firstLine: Int = 1) {
        self.data = data
        self.firstLine = firstLine
    }

    /// Opens `path` memory-mapped.
    public init(path: String) throws {
        do {
            self.data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            self.firstLine = 1
        } catch {
            throw CSVError.cannotOpen(path: path, reason: error.localizedDescription)
        }
    }

    /// Calls `body` for every record, header included, in file order.
    /// - Parameter onIssue: called for a malformed record, which is then skipped; throw from it to stop.
    public func forEachRecord(
        onIssue: (CSVIssue) throws -> Void = { throw CSVError.malformed($0) },
        _ body: (CSVRow) throws -> Void
    ) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var parser = Parser(bytes: bytes, line: firstLine)
            try parser.run(onIssue: onIssue, body)
        }
    }

    /// Reads every record into memory as strings (for small files and tests).
    public func allRecords() throws -> [[String]] {
        var rows: [[String]] = []
        try forEachRecord { rows.append($0.strings()) }
        return rows
    }
}

/// A malformed record: where it starts, where the problem is, and what it is.
public struct CSVIssue: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the file on which the record starts.
    public var line: Int
    /// 1-based line and column (in characters of that line) of the problem itself.
    public var problemLine: Int
    public var column: Int
    public var reason: String

    public var description: String {
        "line \(problemLine), column \(column): \(reason)"
    }
}

public enum CSVError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case malformed(CSVIssue)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open \(path): \(reason)"
        case .malformed(let issue): return "malformed CSV at \(issue)"
        }
    }
}

/// One record: a view valid only inside the `forEachRecord` closure.
public struct CSVRow {
    /// 1-based line on which the record starts.
    public let line: Int
    fileprivate let buffer: UnsafeBufferPointer<UInt8>
    fileprivate let ends: UnsafeBufferPointer<Int>

    public var count: Int { ends.count }

    public subscript(index: Int) -> CSVField {
        let start = index == 0 ? 0 : ends[index - 1]
        return CSVField(bytes: UnsafeBufferPointer(rebasing: buffer[start..<ends[index]]))
    }

    public func strings() -> [String] {
        (0..<count).map { self[$0].string }
    }

    /// A record built from cells that did not come from a CSV file (a database row), so that the
    /// raw-table decoders read every origin through one code path; nil cells are empty fields.
    static func withCells<Result>(_ cells: [String?], line: Int, _ body: (CSVRow) throws -> Result) rethrows -> Result {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(cells.count)
        for cell in cells {
            if let cell { bytes.append(contentsOf: cell.utf8) }
            ends.append(bytes.count)
        }
        return try bytes.withUnsafeBufferPointer { buffer in
            try ends.withUnsafeBufferPointer { ends in try body(CSVRow(line: line, buffer: buffer, ends: ends)) }
        }
    }
}

/// The unescaped bytes of one field, with allocation-free parsers for the common types.
public struct CSVField {
    public let bytes: UnsafeBufferPointer<UInt8>

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public var isEmpty: Bool { bytes.isEmpty }

    /// True for an empty or whitespace-only field (a missing value).
    public var isBlank: Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }

    /// The field as a base-10 integer, or nil when it is not exactly one.
    public var int: Int? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == 0x2D { negative = true; index = 1 } else if bytes[0] == 0x2B { index = 1 }
        guard index < count, count - index <= 18 else { return count - index > 18 ? Int(string) : nil }
        var value = 0
        while index < count {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value &* 10 &+ digit
            index += 1
        }
        return negative ? -value : value
    }

    /// The field as a floating-point number (plain decimals fast, anything else through `Double`).
    public var double: Double? {
        if let whole = int { return Double(whole) }
        // Fast path: [-]digits.digits with at most 15 significant digits is exact in Double.
        var index = 0
        let count = bytes.count
        guard count > 0, count < 17 else { return Self.trimmedDouble(string) }
        var negative = false
        if bytes[0] == 0x2D { negative = true; index = 1 }
        var mantissa = 0
        var digits = 0
        var scale = -1
        while index < count {
            let byte = bytes[index]
            if byte == 0x2E, scale < 0 {
                scale = 0
            } else {
                let digit = Int(byte) &- 48
                guard digit >= 0, digit <= 9 else { return Self.trimmedDouble(string) }
                mantissa = mantissa * 10 + digit
                digits += 1
                if scale >= 0 { scale += 1 }
            }
            index += 1
        }
        guard digits > 0, scale > 0 else { return Self.trimmedDouble(string) }
        let value = Double(mantissa) / Self.powersOfTen[scale]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...18).map { pow(10, Double($0)) }

    private static func trimmedDouble(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces))
    }
}

/// The byte-level state machine behind ``CSVReader``.
private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var line: Int

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        self.bytes = bytes
        self.line = line
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    mutating func run(onIssue: (CSVIssue) throws -> Void, _ body: (CSVRow) throws -> Void) throws {
        var field: [UInt8] = []
        field.reserveCapacity(4096)
        var ends: [Int] = []
        ends.reserveCapacity(64)
        let end = bytes.count
        while position < end {
            let recordLine = line
            var lineStart = position
            field.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            var issue: CSVIssue?
            record: while true {
                // One field.
                if position < end, bytes[position] == 0x22 {
                    let quoteLine = line
                    let quoteColumn = position - lineStart + 1
                    position += 1
                    var closed = false
                    while position < end {
                        let byte = bytes[position]
                        if byte == 0x22 {
                            if position + 1 < end, bytes[position + 1] == 0x22 {
                                field.append(0x22)
                                position += 2
                                continue
                            }
                            position += 1
                            closed = true
                            break
                        }
                        if byte == 0x0A { line += 1; lineStart = position + 1 }
                        field.append(byte)
                        position += 1
                    }
                    if !closed {
                        issue = CSVIssue(
                            line: recordLine, problemLine: quoteLine, column: quoteColumn,
                            reason: "quoted field is never closed")
                        break record
                    }
                    if position < end, bytes[position] != 0x2C, bytes[position] != 0x0A, bytes[position] != 0x0D {
                        issue = CSVIssue(
                            line: recordLine, problemLine: line, column: position - lineStart + 1,
                            reason: "unexpected character after closing quote")
                        break record
                    }
                } else {
                    // Scan to the field's end, then copy it in one go.
                    let fieldStart = position
                    while position < end {
                        let byte = bytes[position]
                        if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
                        if byte == 0x22 {
                            issue = CSVIssue(
                                line: recordLine, problemLine: line, column: position - lineStart + 1,
                                reason: "quote inside an unquoted field")
                            break record
                        }
                        position += 1
                    }
                    if position > fieldStart {
                        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fieldStart..<position]))
                    }
                }
                ends.append(field.count)
                if position >= end { break record }
                let separator = bytes[position]
                position += 1
                if separator == 0x2C { continue }
                if separator == 0x0D, position < end, bytes[position] == 0x0A { position += 1 }
                line += 1
                break record
            }
            if let issue {
                skipRestOfLine()
                try onIssue(issue)
                continue
            }
            // A blank line is no record.
            if ends.count == 1, ends[0] == 0 { continue }
            try field.withUnsafeBufferPointer { buffer in
                try ends.withUnsafeBufferPointer { ends in
                    try body(CSVRow(line: recordLine, buffer: buffer, ends: ends))
                }
            }
        }
    }

    private mutating func skipRestOfLine() {
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == 0x0A { line += 1; return }
        }
    }
}
