/// Why training input or configuration was refused before (or instead of) reaching libxgboost.
///
/// libxgboost's own refusals (a negative `max_depth`, an unknown objective) surface as
/// ``XGBoostError`` with XGBoost's message; these cases cover what ChurnGuard checks itself.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An override was not of the form `key=value`.
    case malformedOverride(String)
    /// An override named a key ChurnGuard does not know.
    case unknownParameter(key: String, known: [String])
    /// An override's value does not parse as the key's type or is out of its range.
    case invalidParameterValue(key: String, value: String, expected: String)
    /// Array sizes disagree (values vs rows x columns, labels vs rows, names vs columns).
    case shapeMismatch(field: String, expected: String, actual: String)
    /// A data set lacks one of the two classes, so AUC and `scale_pos_weight` are undefined.
    case singleClass(dataset: String, positives: Int, negatives: Int)
    /// A label is not 0 or 1.
    case invalidLabel(dataset: String, row: Int, value: Float)
    /// Train and validation disagree on the feature columns.
    case featureMismatch(train: [String], validation: [String])
    /// libxgboost's evaluation text did not carry the metric early stopping watches.
    case missingMetric(metric: String, evaluation: String)

    public var description: String {
        switch self {
        case .malformedOverride(let text):
            return "parameter override '\(text)' is not of the form key=value (for example max_depth=4)"
        case .unknownParameter(let key, let known):
            return "unknown training parameter '\(key)'; known parameters: \(known.joined(separator: ", "))"
        case .invalidParameterValue(let key, let value, let expected):
            return "training parameter '\(key)' has value '\(value)'; expected \(expected)"
        case .shapeMismatch(let field, let expected, let actual):
            return "\(field): expected \(expected), got \(actual)"
        case .singleClass(let dataset, let positives, let negatives):
            return "\(dataset) set has \(positives) positive and \(negatives) negative labels; "
                + "training needs both classes: widen the snapshot window or check the label column"
        case .invalidLabel(let dataset, let row, let value):
            return "\(dataset) set row \(row) has label \(value); labels must be 0 or 1"
        case .featureMismatch(let train, let validation):
            return "train columns \(train) differ from validation columns \(validation); build both from one schema"
        case .missingMetric(let metric, let evaluation):
            return "libxgboost evaluation '\(evaluation)' has no '\(metric)' result for early stopping"
        }
    }
}
