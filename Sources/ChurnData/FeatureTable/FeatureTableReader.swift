import ChurnModel
import Foundation

/// Reads a feature table written by ``FeatureTableWriter`` (or by hand, following docs/DATA.md).
///
/// Every cell is checked against the schema; a bad cell stops the read with an error naming the
/// line, the column and what was expected.
public struct FeatureTableReader {
    public let path: String
    public let schema: FeatureSchema

    public init(path: String) throws {
        self.path = path
        let schemaPath = FeatureTable.schemaPath(for: path)
        guard let data = FileManager.default.contents(atPath: schemaPath) else {
            throw FeatureTableError.missingSchema(path: schemaPath)
        }
        do {
            self.schema = try JSONDecoder().decode(FeatureSchema.self, from: data)
        } catch {
            throw FeatureTableError.invalidSchema(path: schemaPath, reason: "\(error)")
        }
    }

    /// Calls `body` for each data row, in file order.
    public func forEachRow(_ body: (FeatureRow) throws -> Void) throws {
        let expectedHeader = FeatureTable.fixedColumns + schema.names
        let features = schema.features
        var values = [FeatureValue](repeating: .missing, count: features.count)
        var sawHeader = false
        try CSVReader(path: path).forEachRecord { row in
            if !sawHeader {
                let header = row.strings()
                guard header == expectedHeader else {
                    throw FeatureTableError.headerMismatch(path: path, expected: expectedHeader, found: header)
                }
                sawHeader = true
                return
            }
            guard row.count == expectedHeader.count else {
                throw FeatureTableError.badCell(
                    path: path, line: row.line, column: "(row)",
                    reason: "has \(row.count) fields, the header has \(expectedHeader.count)")
            }
            let asOfField = row[1]
            var asOf: CalendarDay?
            if !asOfField.isBlank {
                guard let day = CalendarDay(bytes: asOfField.bytes) else {
                    throw FeatureTableError.badCell(path: path, line: row.line, column: "as_of", reason: "'\(asOfField.string)' is not YYYY-MM-DD")
                }
                asOf = day
            }
            let labelText = row[2].string
            let label: Bool?
            switch labelText {
            case "1": label = true
            case "0": label = false
            case "": label = nil
            default:
                throw FeatureTableError.badCell(path: path, line: row.line, column: "label", reason: "'\(labelText)' is not 1, 0 or empty")
            }
            for (index, feature) in features.enumerated() {
                let field = row[3 + index]
                if field.isBlank {
                    values[index] = .missing
                    continue
                }
                switch feature.kind {
                case .numeric:
                    guard let number = field.double, number.isFinite else {
                        throw FeatureTableError.badCell(path: path, line: row.line, column: feature.name, reason: "'\(field.string)' is not a finite number")
                    }
                    values[index] = .number(number)
                case .boolean:
                    switch field.string {
                    case "true", "1": values[index] = .boolean(true)
                    case "false", "0": values[index] = .boolean(false)
                    default:
                        throw FeatureTableError.badCell(path: path, line: row.line, column: feature.name, reason: "'\(field.string)' is not true or false")
                    }
                case .categorical:
                    values[index] = .category(field.string)
                }
            }
            try body(FeatureRow(customerID: row[0].string, asOf: asOf, label: label, values: values))
        }
        if !sawHeader { throw FeatureTableError.empty(path: path) }
    }
}

public enum FeatureTableError: Error, CustomStringConvertible {
    case missingSchema(path: String)
    case invalidSchema(path: String, reason: String)
    case headerMismatch(path: String, expected: [String], found: [String])
    case badCell(path: String, line: Int, column: String, reason: String)
    case empty(path: String)

    public var description: String {
        switch self {
        case .missingSchema(let path):
            return "\(path) not found: a feature table needs its schema beside it (written by `churnguard features` or `churnguard import`)"
        case .invalidSchema(let path, let reason):
            return "\(path) is not a valid feature schema: \(reason)"
        case .headerMismatch(let path, let expected, let found):
            let missing = expected.filter { !found.contains($0) }
            let extra = found.filter { !expected.contains($0) }
            return "\(path): header does not match its schema (missing: \(missing.joined(separator: ", ")); unexpected: \(extra.joined(separator: ", ")))"
        case .badCell(let path, let line, let column, let reason):
            return "\(path) line \(line), column \(column): \(reason)"
        case .empty(let path):
            return "\(path) is empty: expected a header row"
        }
    }
}
