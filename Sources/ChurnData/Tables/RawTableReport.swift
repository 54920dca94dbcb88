/// What loading one raw table found: row counts, and per column how many values were missing or
/// invalid, with the first examples, so that no bad row is dropped silently.
///
/// A row that lacks a required value, or has one that cannot be read, is skipped (it cannot be
/// placed in time or attributed to a customer); a bad optional value is kept as missing. Either
/// way it is counted here, and ``DataQualityGate`` turns the counts into pass or fail.
public struct RawTableReport: Sendable, Equatable {
    /// Counts for one column of the table.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var required: Bool
        /// False when the header lacks this (optional) column.
        public var present: Bool
        public var missing = 0
        public var invalid = 0
    }

    public var file: String
    /// Data records read (header excluded), skipped ones included.
    public var rows = 0
    /// Records skipped, for any reason (also counted in their column, or as malformed).
    public var skippedRows = 0
    /// Records skipped because their customer's `customers.csv` row was rejected.
    public var rowsOfRejectedCustomers = 0
    /// Records the CSV parser rejected (stray or unclosed quotes).
    public var malformedRecords = 0
    public var columns: [Column]
    /// The first problems found, in file order (at most ``exampleLimit``).
    public var examples: [RawRowIssue] = []
    public static let exampleLimit = 5

    public init(file: String, columns: [Column]) {
        self.file = file
        self.columns = columns
    }

    mutating func note(_ issue: RawRowIssue) {
        if examples.count < Self.exampleLimit { examples.append(issue) }
    }
}

/// One problem in one cell of a raw table, located so that someone can open the file and fix it.
public struct RawRowIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// Where a row without a file line is (a database row: its key); described instead of the line.
    public var place: String?
    public var column: String
    public var value: String
    public var reason: String

    public init(file: String, line: Int, place: String? = nil, column: String, value: String, reason: String) {
        self.file = file
        self.line = line
        self.place = place
        self.column = column
        self.value = value
        self.reason = reason
    }

    public var description: String {
        "\(file) \(place ?? "line \(line)"), column \(column): \(value.isEmpty ? "empty" : "'\(value)'") \(reason)"
    }
}
