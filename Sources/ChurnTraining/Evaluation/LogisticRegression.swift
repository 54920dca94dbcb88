import Foundation

/// The logistic-regression baseline: columns standardized on the training rows (a missing value
/// becomes the column mean, i.e. 0 after standardizing), L2 penalty on the weights with
/// scikit-learn's convention `C` (loss = Σ log-loss + ‖w‖² / 2C), intercept unpenalized,
/// fitted by L-BFGS.
public struct LogisticRegression: Sendable {
    public let means: [Double]
    public let scales: [Double]
    public let weights: [Double]
    public let intercept: Double

    public static func fit(
        matrix: [Float], columnCount: Int, labels: [Bool], c: Double = 1, maxIterations: Int = 200
    ) throws -> LogisticRegression {
        let rowCount = labels.count
        guard columnCount > 0, matrix.count == rowCount * columnCount else {
            throw LogisticRegressionError.shape(values: matrix.count, rows: rowCount, columns: columnCount)
        }
        guard rowCount > 0 else { throw LogisticRegressionError.noRows }
        let (means, scales) = standardization(matrix: matrix, rowCount: rowCount, columnCount: columnCount)
        var x = [Double](repeating: 0, count: matrix.count)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                let value = Double(matrix[row * columnCount + column])
                x[row * columnCount + column] = value.isNaN ? 0 : (value - means[column]) / scales[column]
            }
        }
        let y = labels.map { $0 ? 1.0 : 0.0 }
        let objective = Objective(x: x, y: y, columnCount: columnCount, penalty: 1 / (c * Double(rowCount)))
        let solution = LBFGS.minimize(start: [Double](repeating: 0, count: columnCount + 1), maxIterations: maxIterations) {
            objective.valueAndGradient($0)
        }
        return LogisticRegression(
            means: means, scales: scales, weights: Array(solution.prefix(columnCount)), intercept: solution[columnCount])
    }

    /// Probabilities for `rowCount` rows of the same columns, row-major.
    public func predict(matrix: [Float], rowCount: Int) -> [Double] {
        let columnCount = weights.count
        return (0..<rowCount).map { row in
            var z = intercept
            for column in 0..<columnCount {
                let value = Double(matrix[row * columnCount + column])
                if !value.isNaN { z += weights[column] * (value - means[column]) / scales[column] }
            }
            return 1 / (1 + exp(-z))
        }
    }

    private static func standardization(matrix: [Float], rowCount: Int, columnCount: Int) -> ([Double], [Double]) {
        var sums = [Double](repeating: 0, count: columnCount)
        var squares = [Double](repeating: 0, count: columnCount)
        var counts = [Double](repeating: 0, count: columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                let value = Double(matrix[row * columnCount + column])
                guard !value.isNaN else { continue }
                sums[column] += value
                squares[column] += value * value
                counts[column] += 1
            }
        }
        var means = [Double](repeating: 0, count: columnCount)
        var scales = [Double](repeating: 1, count: columnCount)
        for column in 0..<columnCount where counts[column] > 0 {
            means[column] = sums[column] / counts[column]
            let variance = max(0, squares[column] / counts[column] - means[column] * means[column])
            // A constant column carries nothing; a unit scale keeps it at 0 instead of dividing by 0.
            scales[column] = variance > 1e-24 ? variance.squareRoot() : 1
        }
        return (means, scales)
    }

    /// Mean log-loss plus the L2 penalty, over standardized rows; the last parameter is the intercept.
    private struct Objective {
        let x: [Double]
        let y: [Double]
        let columnCount: Int
        let penalty: Double

        func valueAndGradient(_ parameters: [Double]) -> (Double, [Double]) {
            let rowCount = y.count
            var gradient = [Double](repeating: 0, count: columnCount + 1)
            var loss = 0.0
            x.withUnsafeBufferPointer { x in
                for row in 0..<rowCount {
                    let base = row * columnCount
                    var z = parameters[columnCount]
                    for column in 0..<columnCount { z += parameters[column] * x[base + column] }
                    // log(1 + e^z) − y·z, computed without overflow.
                    loss += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - y[row] * z
                    let residual = 1 / (1 + exp(-z)) - y[row]
                    for column in 0..<columnCount { gradient[column] += residual * x[base + column] }
                    gradient[columnCount] += residual
                }
            }
            let n = Double(rowCount)
            loss /= n
            for index in gradient.indices { gradient[index] /= n }
            for column in 0..<columnCount {
                loss += 0.5 * penalty * parameters[column] * parameters[column]
                gradient[column] += penalty * parameters[column]
            }
            return (loss, gradient)
        }
    }
}

public enum LogisticRegressionError: Error, CustomStringConvertible {
    case shape(values: Int, rows: Int, columns: Int)
    case noRows

    public var description: String {
        switch self {
        case .shape(let values, let rows, let columns):
            return "logistic regression: \(values) values do not form \(rows) rows of \(columns) columns"
        case .noRows: return "logistic regression: no training rows"
        }
    }
}
