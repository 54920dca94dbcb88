import Foundation

/// The ordered list of input features a model expects, with their kinds and contracts.
///
/// A schema travels with every feature table (as `<table>.schema.json`) and inside every model
/// bundle. Requests are validated against it, and ``FeatureEncoder`` turns a row of raw values into
/// the numeric columns the tree ensemble was trained on.
public struct FeatureSchema: Codable, Sendable, Equatable {
    public var features: [FeatureSpec]

    public init(features: [FeatureSpec]) {
        self.features = features
    }

    /// The feature named `name`, if the schema has it.
    public func feature(named name: String) -> FeatureSpec? {
        features.first { $0.name == name }
    }

    public var names: [String] { features.map(\.name) }
}

/// One input feature: its name, kind and the values it may take.
public struct FeatureSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case numeric
        case categorical
        case boolean
    }

    public var name: String
    public var kind: Kind
    /// A required feature must be present in every row; others may be missing.
    public var required: Bool
    /// Inclusive bounds for numeric features, when the contract sets them.
    public var minimum: Double?
    public var maximum: Double?
    /// The allowed values of a categorical feature, in encoding order.
    public var categories: [String]?
    public var description: String?

    public init(
        name: String, kind: Kind, required: Bool = false,
        minimum: Double? = nil, maximum: Double? = nil,
        categories: [String]? = nil, description: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.categories = categories
        self.description = description
    }
}

/// A raw value of one feature, before encoding.
public enum FeatureValue: Sendable, Equatable, Hashable {
    case number(Double)
    case category(String)
    case boolean(Bool)
    case missing
}

extension FeatureValue: CustomStringConvertible {
    /// The value as it is written in a feature table cell (missing is the empty string).
    public var description: String {
        switch self {
        case .number(let value): return FeatureValue.format(value)
        case .category(let value): return value
        case .boolean(let value): return value ? "true" : "false"
        case .missing: return ""
        }
    }

    /// Shortest decimal text that reads back to the same `Double`.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
