import Foundation

/// A logistic-regression churn model a bundle can serve: weights over standardized encoded columns.
///
/// `margin = intercept + Σ weights[j] · (x[j] − means[j]) / scales[j]`, a missing value counting as
/// the column mean (contributing 0), exactly as ChurnTraining's `LogisticRegression` was fitted.
/// Because the margin is a sum of per-column terms, those terms are the model's exact Shapley
/// values (with the training means as the baseline, the intercept as the bias), so a linear
/// bundle explains its scores as exactly as TreeSHAP explains a tree ensemble's.
public struct LinearModel: Codable, Sendable, Equatable {
    /// Identifies the file format of a linear `model.json` (an XGBoost model has no such key).
    public static let format = "churnguard-logistic-regression"

    public var format: String
    /// The encoded column names, in the order the weights apply to.
    public var columnNames: [String]
    public var means: [Double]
    public var scales: [Double]
    public var weights: [Double]
    public var intercept: Double
    /// The L2 strength it was fitted with (scikit-learn's `C`), recorded for the reader.
    public var c: Double

    public init(columnNames: [String], means: [Double], scales: [Double], weights: [Double], intercept: Double, c: Double) throws(LinearModelError) {
        let count = columnNames.count
        guard count > 0, means.count == count, scales.count == count, weights.count == count else {
            throw .invalid("columnNames, means, scales and weights must have one entry per column (\(count), \(means.count), \(scales.count), \(weights.count))")
        }
        if let bad = scales.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw .invalid("scales[\(bad)] (column \(columnNames[bad])) must be a positive finite number, not \(scales[bad])")
        }
        if let bad = (means + weights + [intercept]).firstIndex(where: { !$0.isFinite }) {
            throw .invalid("value \(bad) of means, weights and intercept is not finite")
        }
        self.format = Self.format
        self.columnNames = columnNames
        self.means = means
        self.scales = scales
        self.weights = weights
        self.intercept = intercept
        self.c = c
    }

    private enum CodingKeys: String, CodingKey { case format, columnNames, means, scales, weights, intercept, c }

    /// Decoding validates like the initializer, so a hand-edited model.json cannot break scoring.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw LinearModelError.invalid("format is '\(format)', expected '\(Self.format)'")
        }
        try self.init(
            columnNames: container.decode([String].self, forKey: .columnNames),
            means: container.decode([Double].self, forKey: .means), scales: container.decode([Double].self, forKey: .scales),
            weights: container.decode([Double].self, forKey: .weights), intercept: container.decode(Double.self, forKey: .intercept),
            c: container.decode(Double.self, forKey: .c))
    }

    public var featureCount: Int { weights.count }

    /// Per-column contributions to the margin for one encoded row, the intercept last (the layout
    /// of TreeSHAP's output); they sum to the margin.
    public func contributions(row: [Float]) -> [Double] {
        var output = [Double](repeating: 0, count: weights.count + 1)
        for column in weights.indices {
            let value = Double(row[column])
            if !value.isNaN { output[column] = weights[column] * (value - means[column]) / scales[column] }
        }
        output[weights.count] = intercept
        return output
    }

    /// The log-odds for one encoded row.
    public func margin(row: [Float]) -> Double {
        contributions(row: row).reduce(0, +)
    }

    /// Probabilities for `rowCount` encoded rows, row-major.
    public func probabilities(matrix: [Float], rowCount: Int) -> [Double] {
        let width = weights.count
        return (0..<rowCount).map { row in
            var z = intercept
            for column in 0..<width {
                let value = Double(matrix[row * width + column])
                if !value.isNaN { z += weights[column] * (value - means[column]) / scales[column] }
            }
            return 1 / (1 + exp(-z))
        }
    }

    /// The model as `model.json` bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

public enum LinearModelError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): return "invalid linear model: \(reason)"
        }
    }
}
