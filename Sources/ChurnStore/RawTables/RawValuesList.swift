import SQLKit

/// The rows of a multi-row `VALUES` list, serialized straight into the statement: a bind per present
/// cell and the literal `NULL` for a missing one. Building a `SQLQueryString` per row and binding
/// `String?` cost more than SQLite's own work: sqlite-kit converts a `String` directly but sends an
/// optional through its `Encodable` fallback (an encoder object per cell). Only `NULL` and the
/// placeholders are statement text; every value is a bind.
struct RawValuesList: SQLExpression {
    let rows: ArraySlice<[String?]>

    func serialize(to serializer: inout SQLSerializer) {
        var firstRow = true
        for row in rows {
            serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            for (index, cell) in row.enumerated() {
                if index > 0 { serializer.write(", ") }
                if let cell { serializer.write(bind: cell) } else { serializer.write("NULL") }
            }
            serializer.write(")")
        }
    }
}
