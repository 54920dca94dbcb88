import Foundation

/// Why rows handed to a ``TreeEnsemble`` or ``TreeSHAP`` could not be scored.
public enum EnsembleInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A row does not have one value per model feature.
    case rowWidth(expected: Int, actual: Int)
    /// A row-major matrix or output buffer does not hold `rowCount` rows of the expected width.
    case bufferSize(name: String, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .rowWidth(let expected, let actual):
            return "row has \(actual) values but the model reads \(expected) features; encode rows "
                + "with the model's FeatureEncoder."
        case .bufferSize(let name, let expected, let actual):
            return "\(name) holds \(actual) values but \(expected) are needed (rowCount x width)."
        }
    }
}
