import Yams

/// A configuration file that did not read: what it is ("retraining policy"), which file when known,
/// and every problem found in it, each with its key path and line.
public struct ConfigurationFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var what: String
    public var file: String?
    public var issues: [ConfigurationIssue]

    public init(what: String, file: String? = nil, issues: [ConfigurationIssue]) {
        self.what = what
        self.file = file
        self.issues = issues
    }

    public init(what: String, file: String? = nil, message: String, line: Int? = nil) {
        self.init(what: what, file: file, issues: [ConfigurationIssue(keyPath: "", line: line, column: nil, message: message)])
    }

    /// The same problems, said of `file`.
    public func reading(_ file: String) -> ConfigurationFileError {
        ConfigurationFileError(what: what, file: file, issues: issues)
    }

    public var description: String {
        "invalid \(what)\(file.map { " \($0)" } ?? ""):\n" + issues.map { issue in
            "  " + (issue.line.map { "line \($0): " } ?? "") + (issue.keyPath.isEmpty ? "" : "\(issue.keyPath): ") + issue.message
        }.joined(separator: "\n")
    }

    /// The root node of `yaml` (nil for an empty document), or this error when it is not YAML.
    public static func compose(_ yaml: String, what: String) throws(ConfigurationFileError) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationFileError(what: what, message: "not valid YAML: \(error)")
        }
    }
}
