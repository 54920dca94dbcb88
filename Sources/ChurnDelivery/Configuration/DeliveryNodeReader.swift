import Yams

/// Reads typed values out of a composed YAML tree, collecting problems with key path and line so
/// that one pass reports every mistake (the delivery file's counterpart of the program reader in
/// ChurnDecisions, which this module does not depend on).
struct DeliveryNodeReader {
    private(set) var issues: [DeliveryConfigurationError.Issue] = []

    mutating func report(_ path: String, _ node: Node?, _ message: String) {
        issues.append(.init(keyPath: path, line: node?.mark?.line, message: message))
    }

    /// The mapping at `node` after reporting unknown and duplicated keys.
    mutating func mapping(_ node: Node, at path: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(path, node, "expected a mapping of keys to values")
            return nil
        }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                report(keyPath, keyNode, "unknown key '\(key)'; allowed: \(allowed.joined(separator: ", "))")
                continue
            }
            guard values[key] == nil else {
                report(keyPath, keyNode, "duplicated key '\(key)'")
                continue
            }
            values[key] = value
        }
        return values
    }

    mutating func sequence(_ node: Node, at path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(path, node, "expected a list")
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node, at path: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            report(path, node, "expected a text value")
            return nil
        }
        return scalar.string
    }

    /// One text value or a list of them.
    mutating func strings(_ node: Node, at path: String) -> [String]? {
        if case .scalar = node { return string(node, at: path).map { [$0] } }
        guard let items = sequence(node, at: path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = string(item, at: "\(path)[\(index)]") else { return nil }
            result.append(text)
        }
        if result.isEmpty { report(path, node, "list at least one value") }
        return result
    }

    mutating func double(_ node: Node, at path: String, in range: ClosedRange<Double>) -> Double? {
        guard case .scalar = node, let value = node.int.map(Double.init) ?? node.float, value.isFinite else {
            report(path, node, "expected a number")
            return nil
        }
        guard range.contains(value) else {
            report(path, node, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func int(_ node: Node, at path: String, in range: ClosedRange<Int>) -> Int? {
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
}
