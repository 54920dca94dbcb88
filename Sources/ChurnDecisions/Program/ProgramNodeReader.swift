import Yams

/// Reads typed values out of a composed YAML tree while collecting problems with their key
/// path and line, so that one pass reports every mistake in a program file.
///
/// Decodable would lose the node marks; reading `Node`s keeps them.
struct ProgramNodeReader {
    private(set) var issues: [ProgramIssue] = []

    mutating func report(_ path: String, _ node: Node?, _ message: String) {
        issues.append(ProgramIssue(
            keyPath: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    /// The mapping at `node`, after rejecting keys not in `allowed` and duplicated keys.
    mutating func mapping(_ node: Node, at path: String, allowed: [String]) -> MappingView? {
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
        return MappingView(node: node, path: path, values: values)
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

    mutating func double(_ node: Node, at path: String, in range: ClosedRange<Double>) -> Double? {
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

    mutating func bool(_ node: Node, at path: String) -> Bool? {
        guard case .scalar = node, let value = node.bool else {
            report(path, node, "expected true or false")
            return nil
        }
        return value
    }

    mutating func strings(_ node: Node, at path: String) -> [String]? {
        guard let items = sequence(node, at: path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = string(item, at: "\(path)[\(index)]") else { return nil }
            result.append(text)
        }
        return result
    }
}

/// The known keys of one YAML mapping, with its path and node for messages.
struct MappingView {
    let node: Node
    let path: String
    let values: [String: Node]

    subscript(key: String) -> Node? { values[key] }

    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Levenshtein distance, for "did you mean" hints on misspelt keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        previous = current
    }
    return previous[b.count]
}
