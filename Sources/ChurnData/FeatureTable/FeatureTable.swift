import ChurnModel
import Foundation

/// A feature table held in memory: the schema and its rows (see docs/DATA.md for the file format).
///
/// Fine for tests and small data; large tables are streamed with ``FeatureTableReader`` and
/// ``FeatureTableWriter`` instead.
public struct FeatureTable: Sendable, Equatable {
    public static let fixedColumns = ["customer_id", "as_of", "label"]

    public var schema: FeatureSchema
    public var rows: [FeatureRow]

    public init(schema: FeatureSchema, rows: [FeatureRow]) {
        self.schema = schema
        self.rows = rows
    }

    public static func schemaPath(for tablePath: String) -> String {
        tablePath + ".schema.json"
    }

    public static func read(from path: String) throws -> FeatureTable {
        let reader = try FeatureTableReader(path: path)
        var rows: [FeatureRow] = []
        try reader.forEachRow { rows.append($0) }
        return FeatureTable(schema: reader.schema, rows: rows)
    }

    public func write(to path: String) throws {
        let writer = try FeatureTableWriter(path: path, schema: schema)
        for row in rows { try writer.append(row) }
        try writer.finish()
    }
}
