import ChurnConfiguration

/// A delivery file that cannot be used, with every problem found in it: each names the key path
/// (`destinations[0].secret_env`) and the line, so the message says exactly what to fix. Messages
/// name environment variables and files, never their contents.
public struct DeliveryConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public var keyPath: String
        public var line: Int?
        public var message: String

        init(keyPath: String, line: Int?, message: String) {
            self.keyPath = keyPath
            self.line = line
            self.message = message
        }

        init(_ issue: ConfigurationIssue) {
            self.init(keyPath: issue.keyPath, line: issue.line, message: issue.message)
        }

        public var description: String {
            (line.map { "line \($0): " } ?? "") + (keyPath.isEmpty ? "" : "\(keyPath): ") + message
        }
    }

    public var issues: [Issue]

    public var description: String {
        "invalid delivery configuration:\n" + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}
