import Yams

/// Reads typed values out of a composed YAML tree while collecting problems with their key
/// path and line, so that one pass reports every mistake in a configuration file (retention
/// programs, delivery destinations). Each file format turns the issues into its own error.
///
/// Decodable would lose the node marks; reading `Node`s keeps them.
public struct YAMLNodeReader {
    public private(set) var issues: [ConfigurationIssue] = []

    public init() {}

    public mutating func report(_ path: String, _ node: Node?, _ message: String) {
        issues.append(ConfigurationIssue(
            keyPath: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    /// The mapping at `node`, after rejecting keys not in `allowed` and duplicated keys.
    public mutating func mapping(_ node: Node, at path: String, allowed: [String]) -> YAMLMapping? {
        guard case .mapping(let mapping) = node else {
            report(path, node, "expected a mapping of keys to values")
            return nil
        }
        var seen = Set<String>()
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if !allowed.contains(key) {
                let suggestion = allowed.min { editDistance($0, key) < editDistance($1, key) }
                    .flatMap { editDistance($0, key) <= 3 ? " (did you mean '\($0)'?)" : nil } ?? ""
                report(keyPath, keyNode, "unknown key '\(key)'\(suggestion); allowed: \(allowed.joined(separator: ", "))")
                continue
            }
            if !seen.insert(key).inserted {
                report(keyPath, keyNode, "duplicated key '\(key)'")
                continue
            }
            values[key] = value
        }
        return YAMLMapping(node: node, path: path, values: values)
    }

    public mutating func sequence(_ node: Node, at path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(path, node, "expected a list")
            return nil
        }
        return Array(sequence)
    }

    public mutating func string(_ node: Node, at path: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            report(path, node, "expected a text value")
            return nil
        }
        return scalar.string
    }

    public mutating func double(_ node: Node, at path: String, in range: ClosedRange<Double>) -> Double? {
        guard case .scalar = node, let value = node.int.map(Double.init) ?? node.float,
              value.isFinite else {
            report(path, node, "expected a number")
            return nil
        }
        guard range.contains(value) else {
            report(path, node, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    public mutating func int(_ node: Node, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar = node, let value = node.int else {
            report(path, node, "expected a whole number")
            return nil
        }
        guard range.contains(value) else {
            report(path, node, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    public mutating func bool(_ node: Node, at path: String) -> Bool? {
        guard case .scalar = node, let value = node.bool else {
            report(path, node, "expected true or false")
            return nil
        }
        return value
    }

    /// A list of text values.
    public mutating func strings(_ node: Node, at path: String) -> [String]? {
        guard let items = sequence(node, at: path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = string(item, at: "\(path)[\(index)]") else { return nil }
            result.append(text)
        }
        return result
    }

    /// One text value, or a non-empty list of them.
    public mutating func oneOrMoreStrings(_ node: Node, at path: String) -> [String]? {
        if case .scalar = node { return string(node, at: path).map { [$0] } }
        guard let result = strings(node, at: path) else { return nil }
        if result.isEmpty { report(path, node, "list at least one value") }
        return result
    }
}
