import ChurnConfiguration

/// A retention program file that cannot be used, with every problem found in it.
///
/// Each issue names the key path (`filterChain[1].minSignalsRequired`) and the line and column
/// of the YAML node, so that the message says exactly what to fix.
public struct ProgramError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [ProgramIssue]

    public init(issues: [ProgramIssue]) {
        self.issues = issues
    }

    public var description: String {
        "invalid retention program:\n" + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// One problem in a program file.
public struct ProgramIssue: Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the key (`offers[2].riskLevel`); empty for the document itself.
    public var keyPath: String
    /// 1-based line of the offending node, when known.
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(keyPath: String, line: Int?, column: Int?, message: String) {
        self.keyPath = keyPath
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ issue: ConfigurationIssue) {
        self.init(keyPath: issue.keyPath, line: issue.line, column: issue.column, message: issue.message)
    }

    public var description: String {
        let location = line.map { "line \($0)" + (column.map { ", column \($0)" } ?? "") + ": " } ?? ""
        let key = keyPath.isEmpty ? "" : "\(keyPath): "
        return location + key + message
    }
}
