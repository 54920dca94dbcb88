import Foundation

/// Turns raw feature values into the numeric columns a tree ensemble reads.
///
/// Numeric features map to one column as they are; booleans to one column of 0 or 1; a categorical
/// feature to one 0/1 column per allowed category, named `feature=category` (one-hot), so that the
/// model needs no categorical splits and any XGBoost can read it. A missing value becomes NaN in
/// every column of its feature, which the trees route by their default direction. A category the
/// schema does not list encodes as all zeros ("none of the known ones").
public struct FeatureEncoder: Sendable, Equatable {
    public let schema: FeatureSchema
    /// The encoded column names, in the order the model sees them.
    public let columnNames: [String]
    /// For each encoded column, the index of the schema feature it comes from.
    public let sourceFeature: [Int]
    private let firstColumn: [Int]
    private let categoryIndex: [[String: Int]]

    public init(schema: FeatureSchema) {
        self.schema = schema
        var names: [String] = []
        var source: [Int] = []
        var first: [Int] = []
        var lookup: [[String: Int]] = []
        for (index, feature) in schema.features.enumerated() {
            first.append(names.count)
            if feature.kind == .categorical {
                let categories = feature.categories ?? []
                var map: [String: Int] = [:]
                for (position, category) in categories.enumerated() {
                    map[category] = position
                    names.append("\(feature.name)=\(category)")
                    source.append(index)
                }
                lookup.append(map)
            } else {
                names.append(feature.name)
                source.append(index)
                lookup.append([:])
            }
        }
        self.columnNames = names
        self.sourceFeature = source
        self.firstColumn = first
        self.categoryIndex = lookup
    }

    public var columnCount: Int { columnNames.count }

    /// Writes the encoded columns of one row (values in schema order) into `output`.
    public func encode(_ values: [FeatureValue], into output: inout [Float]) {
        precondition(values.count == schema.features.count, "one value per schema feature")
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(columnCount)
        for (index, feature) in schema.features.enumerated() {
            let value = values[index]
            switch feature.kind {
            case .numeric, .boolean:
                output.append(Self.number(value))
            case .categorical:
                let width = categoryIndex[index].count
                if case .category(let category) = value {
                    let hot = categoryIndex[index][category]
                    for position in 0..<width { output.append(position == hot ? 1 : 0) }
                } else {
                    for _ in 0..<width { output.append(.nan) }
                }
            }
        }
    }

    /// The encoded columns of one row.
    public func encode(_ values: [FeatureValue]) -> [Float] {
        var output: [Float] = []
        encode(values, into: &output)
        return output
    }

    /// Sums per-column contributions (e.g. TreeSHAP values) back onto schema features, so that a
    /// one-hot categorical gets one reason rather than one per category.
    public func featureContributions(_ columnContributions: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: schema.features.count)
        for (column, value) in columnContributions.prefix(columnCount).enumerated() {
            sums[sourceFeature[column]] += value
        }
        return sums
    }

    private static func number(_ value: FeatureValue) -> Float {
        switch value {
        case .number(let number): return Float(number)
        case .boolean(let flag): return flag ? 1 : 0
        case .category, .missing: return .nan
        }
    }
}
