/// Why the raw tables of a data directory could not be read at all.
///
/// Problems with single rows are not errors: they are counted in ``RawTableReport`` and judged by
/// the ``DataQualityGate``. These are the problems that leave nothing to count.
public enum RawTableError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case missingColumn(file: String, column: String, header: [String])
    case emptyFile(path: String)
    case invalidManifest(path: String, reason: String)
    /// A streaming read met an event of a customer whose chunk was already built.
    case notInCustomerOrder(file: String, customerID: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path) not found: a data directory needs the six tables of docs/DATA.md (run `churnguard generate --out DIR` for an example)"
        case .missingColumn(let file, let column, let header):
            return "\(file): required column '\(column)' is missing from the header (found: \(header.joined(separator: ", "))); see docs/DATA.md"
        case .emptyFile(let path):
            return "\(path) is empty: expected a header row (see docs/DATA.md)"
        case .invalidManifest(let path, let reason):
            return "\(path): \(reason); fix or delete it (without a manifest the data end is the day after the latest event)"
        case .notInCustomerOrder(let file, let customerID):
            return "\(file): rows of customer \(customerID) come after rows of customers listed later in customers.csv; a chunked read needs each event table in customers.csv order (the generator writes it so)"
        }
    }
}
