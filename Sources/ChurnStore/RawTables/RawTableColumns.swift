/// A batch of one raw table's rows held column by column: `columns[c][r]` is row `r`'s cell of
/// `RawTableSpec.columns[c]`, nil for an empty cell.
///
/// Ingest's parser fills it without an array per row, PostgreSQL binds each column as it is (one
/// array parameter per column, no transposition), and SQLite's VALUES list reads it row by row.
public struct RawTableColumns: Sendable, Equatable {
    public private(set) var columns: [[String?]]

    /// An empty batch of `columnCount` columns, each with room for `capacity` cells.
    public init(columnCount: Int, capacity: Int = 0) {
        columns = (0..<columnCount).map { _ in
            var column: [String?] = []
            column.reserveCapacity(capacity)
            return column
        }
    }

    /// Rows given cell by cell; every row must have `columnCount` cells (``RawTableStore/insert(_:into:)``
    /// checks that first, naming the row).
    init(rows: [[String?]], columnCount: Int) {
        self.init(columnCount: columnCount, capacity: rows.count)
        for row in rows {
            for column in 0..<columnCount { columns[column].append(row[column]) }
        }
    }

    public var count: Int { columns.first?.count ?? 0 }

    public var isEmpty: Bool { count == 0 }

    /// Appends one row; `cell(c)` gives its cell of column `c`.
    public mutating func appendRow(_ cell: (Int) throws -> String?) rethrows {
        for column in columns.indices { columns[column].append(try cell(column)) }
    }

    /// The rows at `rows` (ascending), in that order.
    func keeping(_ rows: [Int]) -> RawTableColumns {
        guard rows.count != count else { return self }
        var kept = RawTableColumns(columnCount: columns.count, capacity: rows.count)
        for column in columns.indices {
            kept.columns[column] = rows.map { columns[column][$0] }
        }
        return kept
    }

    /// Replaces column `column`'s cells through `transform`, which also gets the row index.
    mutating func transform(column: Int, _ transform: (Int, String?) throws -> String?) rethrows {
        for row in columns[column].indices {
            columns[column][row] = try transform(row, columns[column][row])
        }
    }
}
