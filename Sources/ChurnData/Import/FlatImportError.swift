/// Why a flat CSV import could not run at all (problems with single rows are rejections in the
/// ``ImportReport`` instead).
public enum FlatImportError: Error, Equatable, CustomStringConvertible {
    /// The file has no header row.
    case emptyInput(path: String)
    /// The header itself is not valid CSV.
    case malformedHeader(path: String, issue: CSVIssue)
    /// Two header cells name the same column.
    case duplicateColumn(name: String, positions: [Int])
    /// `--target`, `--id` or `--drop` names a column the file does not have.
    case unknownColumn(option: String, name: String, available: [String])
    /// A feature column is named like one of the feature table's own columns.
    case reservedColumnName(name: String)
    /// The options contradict each other (for example the target is also the id).
    case conflictingOptions(String)
    /// `--positive` names a value the target column never holds.
    case positiveValueNotFound(column: String, value: String, seen: [String])
    /// No target value reads as "churned".
    case cannotInferPositive(column: String, seen: [String])
    /// Every column was left out, so there is nothing to learn from.
    case noFeatures(excluded: [ImportReport.ExcludedColumn])
    /// The output would overwrite the input.
    case outputIsInput(path: String)

    public var description: String {
        switch self {
        case .emptyInput(let path):
            return "\(path) is empty: expected a header row naming the columns"
        case .malformedHeader(let path, let issue):
            return "\(path): the header row is not valid CSV (\(issue)); fix the header and import again"
        case .duplicateColumn(let name, let positions):
            let list = positions.map(String.init).joined(separator: ", ")
            return "column '\(name)' appears more than once in the header (positions \(list)); rename one of them"
        case .unknownColumn(let option, let name, let available):
            return "\(option) '\(name)' is not a column of the file; available columns: \(available.joined(separator: ", "))"
        case .reservedColumnName(let name):
            return "column '\(name)' has the name of a feature table column (customer_id, as_of, label); rename it or pass --drop \(name)"
        case .conflictingOptions(let reason):
            return reason
        case .positiveValueNotFound(let column, let value, let seen):
            return "--positive '\(value)' never occurs in target column '\(column)'; its values are: \(seen.joined(separator: ", "))"
        case .cannotInferPositive(let column, let seen):
            return "cannot tell which value of '\(column)' means churned (values: \(seen.joined(separator: ", "))); pass --positive VALUE"
        case .noFeatures(let excluded):
            let list = excluded.map { "\($0.name) (\($0.reason.rawValue))" }.joined(separator: ", ")
            return "no feature columns left to import: \(list); check --drop, or pass --keep-identifiers"
        case .outputIsInput(let path):
            return "--out \(path) is the input file; choose another output path"
        }
    }
}
