/// A dense, row-major feature matrix with one 0/1 label per row: what the trainer consumes.
///
/// The feature builder (or a flat CSV import) produces the encoded columns; this type only checks
/// that the arrays agree, so the same value can be split by index (``rows(_:)``) into train,
/// validation and test sets without touching libxgboost.
public struct LabelledMatrix: Sendable, Equatable {
    /// Encoded column names, in column order; written into the saved XGBoost model.
    public let featureNames: [String]
    /// XGBoost feature types per column ("q" quantitative, "i" indicator, "int", "float"), if known.
    public let featureTypes: [String]?
    /// `rowCount x featureNames.count` values, row-major; NaN marks a missing value.
    public let values: [Float]
    public let labels: [Float]
    /// Instance weights, one per row, or `nil` for equal weights.
    public let weights: [Float]?

    public var rowCount: Int { labels.count }
    public var columnCount: Int { featureNames.count }

    public init(
        featureNames: [String], featureTypes: [String]? = nil,
        values: [Float], labels: [Float], weights: [Float]? = nil
    ) throws(TrainingError) {
        guard !featureNames.isEmpty else {
            throw .shapeMismatch(field: "featureNames", expected: "at least one feature", actual: "none")
        }
        guard values.count == labels.count * featureNames.count else {
            throw .shapeMismatch(
                field: "values",
                expected: "\(labels.count) rows x \(featureNames.count) columns = \(labels.count * featureNames.count)",
                actual: "\(values.count) values")
        }
        if let featureTypes, featureTypes.count != featureNames.count {
            throw .shapeMismatch(
                field: "featureTypes", expected: "\(featureNames.count) (one per column)",
                actual: "\(featureTypes.count)")
        }
        if let weights, weights.count != labels.count {
            throw .shapeMismatch(
                field: "weights", expected: "\(labels.count) (one per row)", actual: "\(weights.count)")
        }
        self.featureNames = featureNames
        self.featureTypes = featureTypes
        self.values = values
        self.labels = labels
        self.weights = weights
    }

    /// The rows at `indices` (for example one side of a ``TimeSplit`` or ``StratifiedKFold``), in
    /// that order.
    public func rows(_ indices: [Int]) -> LabelledMatrix {
        let width = columnCount
        var subset = [Float]()
        subset.reserveCapacity(indices.count * width)
        for row in indices {
            subset.append(contentsOf: values[(row * width)..<((row + 1) * width)])
        }
        // Sizes agree by construction, so the checked initializer cannot fail here.
        return LabelledMatrix(
            unchecked: featureNames, featureTypes: featureTypes, values: subset,
            labels: indices.map { labels[$0] }, weights: weights.map { weights in indices.map { weights[$0] } })
    }

    private init(unchecked featureNames: [String], featureTypes: [String]?, values: [Float], labels: [Float], weights: [Float]?) {
        self.featureNames = featureNames
        self.featureTypes = featureTypes
        self.values = values
        self.labels = labels
        self.weights = weights
    }

    /// Positive and negative counts, weighted when weights are present.
    func classWeights() -> (positive: Double, negative: Double) {
        var positive = 0.0, negative = 0.0
        for (row, label) in labels.enumerated() {
            let weight = Double(weights?[row] ?? 1)
            if label == 1 { positive += weight } else { negative += weight }
        }
        return (positive, negative)
    }

    /// Makes the libxgboost matrix, with feature names (and types) set so the model records them.
    func makeXGBoostMatrix(threads: Int) throws -> XGBoostMatrix {
        let matrix = try XGBoostMatrix(
            values: values, rowCount: rowCount, columnCount: columnCount,
            labels: labels, weights: weights, threads: threads)
        try matrix.setFeatureNames(featureNames)
        if let featureTypes { try matrix.setFeatureTypes(featureTypes) }
        return matrix
    }

    /// Refuses labels other than 0/1 and a set without both classes, naming `dataset`.
    func validateBinaryLabels(dataset: String) throws(TrainingError) {
        var positives = 0, negatives = 0
        for (row, label) in labels.enumerated() {
            switch label {
            case 1: positives += 1
            case 0: negatives += 1
            default: throw .invalidLabel(dataset: dataset, row: row, value: label)
            }
        }
        guard positives > 0, negatives > 0 else {
            throw .singleClass(dataset: dataset, positives: positives, negatives: negatives)
        }
    }
}
