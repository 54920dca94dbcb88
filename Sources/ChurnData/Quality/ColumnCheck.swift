import ChurnModel

/// Accumulates the quality figures of one column over one or two passes: counts of missing and
/// invalid cells, then a running mean and variance (Welford), then, on the second pass, the values
/// beyond `z` standard deviations.
struct ColumnCheck {
    let table: String
    let column: String
    var required: Bool
    let minimum: Double?
    let maximum: Double?
    let numeric: Bool
    let enforceOutliers: Bool
    var rows = 0
    var missing = 0
    var invalid = 0
    var firstProblem: String?
    private var count = 0
    private var mean = 0.0
    private var m2 = 0.0
    private var outliers = 0
    private var limit = Double.infinity

    init(table: String, column: String, required: Bool, numeric: Bool,
         minimum: Double? = nil, maximum: Double? = nil, enforceOutliers: Bool) {
        self.table = table
        self.column = column
        self.required = required
        self.numeric = numeric
        self.minimum = minimum
        self.maximum = maximum
        self.enforceOutliers = enforceOutliers
    }

    mutating func noteMissing() {
        rows += 1
        missing += 1
    }

    mutating func noteInvalid(_ problem: @autoclosure () -> String) {
        rows += 1
        invalid += 1
        if firstProblem == nil { firstProblem = problem() }
    }

    mutating func noteValid() {
        rows += 1
    }

    /// First pass for a number; out-of-bounds values count as invalid and stay out of the statistics.
    mutating func noteNumber(_ value: Double, problem: @autoclosure () -> String) {
        if let minimum, value < minimum {
            noteInvalid("\(problem()) is below the minimum \(FeatureValueText.number(minimum))")
            return
        }
        if let maximum, value > maximum {
            noteInvalid("\(problem()) is above the maximum \(FeatureValueText.number(maximum))")
            return
        }
        rows += 1
        accumulate(value)
    }

    /// Adds a value to the statistics only (for callers that counted rows themselves).
    mutating func accumulate(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
    }

    /// Fixes the outlier limit from the first pass; values farther than `z` deviations from the mean count.
    mutating func finishFirstPass(z: Double) {
        let deviation = standardDeviation
        limit = deviation > 0 ? z * deviation : .infinity
    }

    /// Second pass: the same valid numbers again.
    mutating func recount(_ value: Double) {
        if let minimum, value < minimum { return }
        if let maximum, value > maximum { return }
        if abs(value - mean) > limit { outliers += 1 }
    }

    private var standardDeviation: Double { count > 0 ? (m2 / Double(count)).squareRoot() : 0 }

    var quality: ColumnQuality {
        ColumnQuality(
            table: table, column: column, required: required, rows: rows, missing: missing, invalid: invalid,
            outliers: numeric
                ? OutlierFigure(values: count, mean: mean, standardDeviation: standardDeviation, outliers: outliers, enforced: enforceOutliers)
                : nil)
    }
}
