/// The outlier statistics of the raw tables' numeric columns, gathered a chunk of customers at a
/// time: a first pass over every chunk for mean and deviation, then, after
/// ``finishFirstPass(z:)``, a second for the values beyond `z` deviations.
///
/// The in-memory gate (``DataQualityGate/check(raw:subject:)``) makes both passes over one chunk,
/// the whole data; a streaming build makes the first while it builds and the second only when the
/// gate failed and its report is printed (raw outliers are reported, never enforced).
public struct RawTableStatistics: Sendable {
    /// The numeric columns: table file, column, and its values in a chunk (NaN = missing).
    private static let columns: [(file: String, column: String, visit: @Sendable (CustomerTables, (Double) -> Void) -> Void)] = [
        ("customers.csv", "mrr", { tables, body in for value in tables.customers.mrr { body(value) } }),
        ("subscription_changes.csv", "mrr_before", { tables, body in for value in tables.changes.mrrBefore { body(value) } }),
        ("subscription_changes.csv", "mrr_after", { tables, body in for value in tables.changes.mrrAfter { body(value) } }),
        ("transactions.csv", "amount", { tables, body in for value in tables.payments.amount { body(value) } }),
        ("engagement_daily.csv", "logins", { tables, body in for value in tables.engagement.logins { body(Double(value)) } }),
        ("engagement_daily.csv", "sessions", { tables, body in for value in tables.engagement.sessions { body(Double(value)) } }),
        ("engagement_daily.csv", "feature_events", { tables, body in for value in tables.engagement.featureEvents { body(Double(value)) } }),
        ("engagement_daily.csv", "crashes", { tables, body in for value in tables.engagement.crashes { body(Double(value)) } }),
        ("support_tickets.csv", "sentiment", { tables, body in for value in tables.tickets.sentiment { body(value) } }),
    ]

    private var checks: [ColumnCheck]
    /// True once the second pass has counted outliers.
    public private(set) var outliersCounted = false

    public init() {
        checks = Self.columns.map {
            ColumnCheck(table: $0.file, column: $0.column, required: false, numeric: true, enforceOutliers: false)
        }
    }

    /// First pass: adds a chunk's values to the means and deviations.
    public mutating func accumulate(_ tables: CustomerTables) {
        for (index, column) in Self.columns.enumerated() {
            column.visit(tables) { value in if !value.isNaN { checks[index].accumulate(value) } }
        }
    }

    /// Fixes the outlier limits after every chunk was accumulated.
    public mutating func finishFirstPass(z: Double) {
        for index in checks.indices { checks[index].finishFirstPass(z: z) }
    }

    /// Second pass: counts a chunk's values beyond the limits.
    /// The second pass over every chunk `stream` has left (a fresh stream: the whole directory).
    public mutating func recount(chunksOf stream: CustomerTableStream) throws {
        while let chunk = try stream.nextChunk() { recount(chunk) }
    }

    public mutating func recount(_ tables: CustomerTables) {
        for (index, column) in Self.columns.enumerated() {
            column.visit(tables) { value in if !value.isNaN { checks[index].recount(value) } }
        }
        outliersCounted = true
    }

    /// The statistics of one column, if it is numeric.
    func check(file: String, column: String) -> ColumnCheck? {
        Self.columns.firstIndex { $0.file == file && $0.column == column }.map { checks[$0] }
    }
}
