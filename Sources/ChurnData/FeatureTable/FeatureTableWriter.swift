import ChurnModel
import Foundation

/// Streams a feature table to `FILE` and its schema to `FILE.schema.json` (see docs/DATA.md).
///
/// The schema is written by ``finish()``, after the last row, so a table whose schema file exists
/// was written completely; an interrupted write leaves no schema and cannot be mistaken for data.
public final class FeatureTableWriter {
    public let schema: FeatureSchema
    public let path: String
    private let csv: CSVWriter
    private var fields: [String] = []
    public private(set) var rowCount = 0

    public init(path: String, schema: FeatureSchema) throws {
        self.path = path
        self.schema = schema
        try? FileManager.default.removeItem(atPath: FeatureTable.schemaPath(for: path))
        self.csv = try CSVWriter(path: path)
        try csv.writeRow(FeatureTable.fixedColumns + schema.names)
    }

    public func append(_ row: FeatureRow) throws {
        precondition(row.values.count == schema.features.count, "one value per schema feature")
        fields.removeAll(keepingCapacity: true)
        fields.append(row.customerID)
        fields.append(row.asOf?.description ?? "")
        fields.append(row.label.map { $0 ? "1" : "0" } ?? "")
        for value in row.values { fields.append(value.description) }
        try csv.writeRow(fields)
        rowCount += 1
    }

    /// Flushes the rows and writes the schema beside them.
    public func finish() throws {
        try csv.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(schema).write(to: URL(fileURLWithPath: FeatureTable.schemaPath(for: path)))
    }
}
