/// Which role a model version played when it produced a prediction. Only production and canary
/// predictions are returned or acted on; shadow predictions are logged for comparison only.
public enum ServedBy: String, Sendable, CaseIterable, Codable {
    case production
    case shadow
    case canary

    /// Parses a stored or user-supplied value, naming the accepted ones when it is not one of them.
    public init(parsing value: String) throws {
        guard let servedBy = ServedBy(rawValue: value) else { throw StoreError.unknownServedBy(value) }
        self = servedBy
    }
}
