/// One problem found while reading a configuration file: where (key path, line, column) and what.
public struct ConfigurationIssue: Sendable, Equatable {
    /// Dotted path of the key (`offers[2].riskLevel`); empty for the document itself.
    public var keyPath: String
    /// 1-based line and column of the offending node, when known.
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(keyPath: String, line: Int?, column: Int?, message: String) {
        self.keyPath = keyPath
        self.line = line
        self.column = column
        self.message = message
    }
}
