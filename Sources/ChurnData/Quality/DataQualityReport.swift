/// The outcome of a ``DataQualityGate`` run: figures for every checked column and the list of
/// failures, each naming its table, column, figure and threshold.
public struct DataQualityReport: Sendable, Equatable {
    /// What was checked, for the report's title (a directory or a table path).
    public var subject: String
    public var columns: [ColumnQuality]
    public var failures: [QualityFailure]
    /// First examples of bad cells, to start fixing from.
    public var examples: [String]
    /// The |z| limit outliers were counted against.
    public var outlierZ: Double = 4

    public init(subject: String, columns: [ColumnQuality], failures: [QualityFailure], examples: [String] = []) {
        self.subject = subject
        self.columns = columns
        self.failures = failures
        self.examples = examples
    }

    public var passed: Bool { failures.isEmpty }

    /// A plain-text report: verdict, failures, then a table of every column's figures.
    public func rendered() -> String {
        var lines: [String] = []
        lines.append("Data quality \(passed ? "PASSED" : "FAILED"): \(subject)")
        if !failures.isEmpty {
            lines.append("Failures (\(failures.count)):")
            for failure in failures { lines.append("  - \(failure)") }
        }
        if !examples.isEmpty {
            lines.append("First problems:")
            for example in examples { lines.append("  - \(example)") }
        }
        lines.append("Columns:")
        let tableWidth = max(5, columns.map(\.table.count).max() ?? 0)
        let columnWidth = max(6, columns.map(\.column.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        lines.append("  \(pad("table", tableWidth))  \(pad("column", columnWidth))  req  rows        complete   invalid  outliers(|z|>\(FeatureValueText.number(outlierZ)))")
        for column in columns {
            var outliers = "-"
            if let figure = column.outliers {
                outliers = Self.percent(figure.share) + (figure.enforced ? "" : " (report only)")
            }
            lines.append(
                "  \(pad(column.table, tableWidth))  \(pad(column.column, columnWidth))  \(column.required ? "yes" : "no ")  "
                    + "\(pad(String(column.rows), 10))  \(pad(Self.percent(column.completeness), 9))  "
                    + "\(pad(String(column.invalid), 7))  \(outliers)")
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ share: Double) -> String {
        let value = (share * 10_000).rounded() / 100
        return "\(value)%"
    }
}

/// The figures of one column.
public struct ColumnQuality: Sendable, Equatable {
    public var table: String
    public var column: String
    public var required: Bool
    public var rows: Int
    /// Blank cells (or every row, when an optional column is absent).
    public var missing: Int
    /// Cells present but of the wrong type, outside the allowed range or categories, or unreadable.
    public var invalid: Int
    public var outliers: OutlierFigure?

    public init(table: String, column: String, required: Bool, rows: Int, missing: Int, invalid: Int, outliers: OutlierFigure? = nil) {
        self.table = table
        self.column = column
        self.required = required
        self.rows = rows
        self.missing = missing
        self.invalid = invalid
        self.outliers = outliers
    }

    /// Share of rows with a value present (valid or not); 1 for an empty table.
    public var completeness: Double { rows == 0 ? 1 : Double(rows - missing) / Double(rows) }
    public var invalidShare: Double { rows == 0 ? 0 : Double(invalid) / Double(rows) }
}

/// The |z| > k outlier figures of a numeric column.
public struct OutlierFigure: Sendable, Equatable {
    public var values: Int
    public var mean: Double
    public var standardDeviation: Double
    public var outliers: Int
    /// Whether the share can fail the gate (false: reported only).
    public var enforced: Bool

    public var share: Double { values == 0 ? 0 : Double(outliers) / Double(values) }
}

/// One reason a gate failed.
public struct QualityFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Figure: String, Sendable {
        case completeness
        case invalidShare = "invalid share"
        case outlierShare = "outlier share"
    }

    public var table: String
    public var column: String
    public var figure: Figure
    public var value: Double
    public var threshold: Double
    /// The |z| limit, for outlier failures.
    public var zLimit: Double = 4

    public var description: String {
        switch figure {
        case .completeness:
            return "\(table) \(column): completeness \(DataQualityReport.percent(value)) is below the required \(DataQualityReport.percent(threshold))"
        case .invalidShare:
            return "\(table) \(column): \(DataQualityReport.percent(value)) of values are invalid (type, range or category; allowed \(DataQualityReport.percent(threshold)))"
        case .outlierShare:
            return "\(table) \(column): \(DataQualityReport.percent(value)) of values have |z| > \(FeatureValueText.number(zLimit)) (allowed \(DataQualityReport.percent(threshold)))"
        }
    }
}
