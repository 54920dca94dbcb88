import Yams

/// The known keys of one YAML mapping, with its path and node for messages.
public struct YAMLMapping {
    public let node: Node
    public let path: String
    public let values: [String: Node]

    public subscript(key: String) -> Node? { values[key] }

    public func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
