import ChurnData
import ChurnModel
import Foundation

/// A feature table read into memory in the form training needs: the encoded numeric matrix,
/// labels, snapshot days and ids, plus the raw values of each schema feature for reference
/// distributions and the rule baseline.
public struct EncodedFeatureTable: Sendable {
    public let path: String
    public let schema: FeatureSchema
    public let encoder: FeatureEncoder
    public let customerIDs: [String]
    /// Snapshot day per row (days since 1970-01-01), nil for flat data.
    public let asOfDays: [Int?]
    public let labels: [Bool?]
    /// `rowCount × encoder.columnCount`, row-major, NaN = missing.
    public let matrix: [Float]
    /// Per schema feature, one numeric value per row (booleans 0/1, NaN when missing or categorical).
    public let numericColumns: [[Double]]
    /// Per schema feature, the category per row for categorical features (nil when missing).
    public let categoryColumns: [[String?]]
    /// Raw values per row, kept only when asked for (scoring needs them for reasons).
    public let rawValues: [[FeatureValue]]?
    public let fingerprint: String

    public var rowCount: Int { customerIDs.count }
    public var isSnapshotData: Bool { asOfDays.contains { $0 != nil } }

    /// Reads and encodes `path`. With `schema`, the table is encoded with that schema (a model's),
    /// and every schema feature must be a column of the table.
    public static func load(path: String, schema modelSchema: FeatureSchema? = nil, keepRawValues: Bool = false) throws -> EncodedFeatureTable {
        let reader = try FeatureTableReader(path: path)
        let schema = modelSchema ?? reader.schema
        let positions: [Int] = try schema.features.map { feature in
            guard let position = reader.schema.names.firstIndex(of: feature.name) else {
                throw EncodedFeatureTableError.missingFeature(path: path, feature: feature.name)
            }
            return position
        }
        let encoder = FeatureEncoder(schema: schema)
        var ids: [String] = []
        var days: [Int?] = []
        var labels: [Bool?] = []
        var matrix: [Float] = []
        var numeric = [[Double]](repeating: [], count: schema.features.count)
        var categories = [[String?]](repeating: [], count: schema.features.count)
        var raw: [[FeatureValue]] = []
        var encoded: [Float] = []
        var values = [FeatureValue](repeating: .missing, count: schema.features.count)
        var fingerprint = DataFingerprint()
        try reader.forEachRow { row in
            for (index, position) in positions.enumerated() { values[index] = row.values[position] }
            ids.append(row.customerID)
            days.append(row.asOf?.daysSinceEpoch)
            labels.append(row.label)
            encoder.encode(values, into: &encoded)
            matrix.append(contentsOf: encoded)
            fingerprint.combine(row.customerID)
            fingerprint.combine(row.asOf?.description ?? "")
            fingerprint.combine(row.label.map { $0 ? "1" : "0" } ?? "")
            for value in encoded { fingerprint.combine(value) }
            for (index, value) in values.enumerated() {
                switch value {
                case .number(let number): numeric[index].append(number)
                case .boolean(let flag): numeric[index].append(flag ? 1 : 0)
                default: numeric[index].append(.nan)
                }
                if case .category(let category) = value { categories[index].append(category) } else { categories[index].append(nil) }
            }
            if keepRawValues { raw.append(values) }
        }
        return EncodedFeatureTable(
            path: path, schema: schema, encoder: encoder, customerIDs: ids, asOfDays: days, labels: labels,
            matrix: matrix, numericColumns: numeric, categoryColumns: categories,
            rawValues: keepRawValues ? raw : nil, fingerprint: fingerprint.hex)
    }

    /// XGBoost feature types of the encoded columns: indicators for booleans and one-hot columns.
    public var xgboostFeatureTypes: [String] {
        encoder.sourceFeature.map { schema.features[$0].kind == .numeric ? "q" : "i" }
    }

    /// The labelled matrix of the rows at `indices` (which must all be labelled).
    public func labelledMatrix(rows indices: [Int]) throws -> LabelledMatrix {
        let width = encoder.columnCount
        var values: [Float] = []
        values.reserveCapacity(indices.count * width)
        var rowLabels: [Float] = []
        rowLabels.reserveCapacity(indices.count)
        for row in indices {
            values.append(contentsOf: matrix[(row * width)..<((row + 1) * width)])
            rowLabels.append(labels[row] == true ? 1 : 0)
        }
        return try LabelledMatrix(featureNames: encoder.columnNames, featureTypes: xgboostFeatureTypes, values: values, labels: rowLabels)
    }

    /// The encoded values of the rows at `indices`, row-major.
    public func rows(_ indices: [Int]) -> [Float] {
        let width = encoder.columnCount
        var values: [Float] = []
        values.reserveCapacity(indices.count * width)
        for row in indices { values.append(contentsOf: matrix[(row * width)..<((row + 1) * width)]) }
        return values
    }
}

public enum EncodedFeatureTableError: Error, CustomStringConvertible {
    case missingFeature(path: String, feature: String)

    public var description: String {
        switch self {
        case .missingFeature(let path, let feature):
            return "\(path) has no column '\(feature)', which the model needs; build the table with the same feature code as the model's training data"
        }
    }
}
