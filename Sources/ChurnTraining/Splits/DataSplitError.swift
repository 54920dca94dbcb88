/// Why a train/validation/test split or a k-fold split could not be made.
public enum DataSplitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer distinct labelled snapshot dates than train + validation + test need.
    case tooFewLabelledSnapshots(found: Int, required: Int)
    /// The per-row arrays have different lengths.
    case lengthMismatch(field: String, expected: Int, actual: Int)
    /// A count setting is out of range.
    case invalidSetting(name: String, value: Int, expected: String)
    /// More folds than rows.
    case tooFewRows(rows: Int, folds: Int)
    /// The embargo left too few snapshot dates for `side` before `beforeDay`.
    case embargoLeavesTooFewSnapshots(embargoDays: Int, side: String, beforeDay: Int)

    public var description: String {
        switch self {
        case .tooFewLabelledSnapshots(let found, let required):
            return "a time split needs at least \(required) distinct labelled snapshot dates "
                + "(train, validation, test) but the table has \(found); build features for more as_of dates "
                + "or use a flat stratified split"
        case .lengthMismatch(let field, let expected, let actual):
            return "\(field) has \(actual) entries but there are \(expected) rows"
        case .invalidSetting(let name, let value, let expected):
            return "\(name) is \(value); expected \(expected)"
        case .tooFewRows(let rows, let folds):
            return "cannot make \(folds) folds from \(rows) rows; lower the fold count"
        case .embargoLeavesTooFewSnapshots(let embargoDays, let side, let beforeDay):
            return "an embargo of \(embargoDays) days before day \(beforeDay) leaves too few \(side) snapshot dates; "
                + "lower the embargo, use fewer validation/test snapshots, or add older snapshots"
        }
    }
}
