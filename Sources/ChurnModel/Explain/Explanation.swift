import Foundation

/// One reason behind a score: an input column, the value the row had there, and how far that
/// value moved the margin (positive pushes toward churn).
public struct Reason: Sendable, Equatable {
    public let column: Int
    public let value: Float
    public let contribution: Float

    public init(column: Int, value: Float, contribution: Float) {
        self.column = column
        self.value = value
        self.contribution = contribution
    }
}

/// The TreeSHAP breakdown of one row's margin, from ``TreeSHAP/explain(row:)``: what each column
/// added to the bias (the model's expected margin) to reach this row's margin.
public struct Explanation: Sendable, Equatable {
    /// The row's input values, one per column (NaN = missing).
    public let values: [Float]
    /// One contribution per column, in margin (log-odds) units.
    public let contributions: [Float]
    /// The expected margin over the training data, including the base margin.
    public let bias: Float

    public init(values: [Float], contributions: [Float], bias: Float) {
        precondition(values.count == contributions.count, "one contribution per value")
        self.values = values
        self.contributions = contributions
        self.bias = bias
    }

    /// The bias plus every contribution: the row's margin, up to Float rounding.
    public var margin: Float {
        Float(contributions.reduce(Double(bias)) { $0 + Double($1) })
    }

    /// The `k` columns with the largest contributions, largest (most churn-pushing) first; ties go
    /// to the lower column. Columns that contributed exactly nothing are not reasons and are left out.
    public func topReasons(_ k: Int) -> [Reason] {
        guard k > 0 else { return [] }
        let ranked = contributions.indices
            .filter { contributions[$0] != 0 && !contributions[$0].isNaN }
            .sorted { lhs, rhs in
                contributions[lhs] != contributions[rhs] ? contributions[lhs] > contributions[rhs] : lhs < rhs
            }
        return ranked.prefix(k).map { Reason(column: $0, value: values[$0], contribution: contributions[$0]) }
    }
}
