import Foundation

/// Every row the store holds about one customer (GDPR article 15), table by table. Rows are JSON
/// object text as the database wrote them (timestamps as ISO 8601 strings), so the document carries
/// each column exactly, new columns included, without a Swift type per table.
public struct CustomerDataExport: Sendable, Equatable {
    public var customerID: String
    public var exportedAt: Date
    /// Table name and its rows (JSON object text), in ``CustomerDataTable/all`` order, the outbox last.
    public var tables: [(name: String, rows: [String])]

    public var rowCount: Int { tables.reduce(0) { $0 + $1.rows.count } }

    /// Rows per table, for audit details and summaries (no personal data).
    public var counts: [String: Int] { Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0.rows.count) }) }

    /// The one JSON document: `{"customer_id", "exported_at", "row_count", "tables": {name: [rows]}}`.
    /// Row texts are spliced in as they are: each is already a JSON object.
    public func jsonDocument() throws -> String {
        func string(_ value: String) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let tableTexts = try tables.map { "\(try string($0.name)):[\($0.rows.joined(separator: ","))]" }
        return """
            {"customer_id":\(try string(customerID)),"exported_at":\(try string(formatter.string(from: exportedAt))),\
            "row_count":\(rowCount),"tables":{\(tableTexts.joined(separator: ","))}}
            """
    }

    public static func == (lhs: CustomerDataExport, rhs: CustomerDataExport) -> Bool {
        lhs.customerID == rhs.customerID && lhs.exportedAt == rhs.exportedAt
            && lhs.tables.map(\.name) == rhs.tables.map(\.name) && lhs.tables.map(\.rows) == rhs.tables.map(\.rows)
    }
}
