import ChurnTestSupport
import Foundation

/// Runs the built `churnguard` executable (SwiftPM builds it next to the test bundle).
struct CLIProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static var executable: URL {
        var directory = Bundle.main.bundleURL
        // On Linux the test runner lives in the products directory; on macOS inside an .xctest bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("churnguard").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("churnguard")
    }

    /// Runs the CLI to completion, waiting on a thread of its own: a test blocking one of the few
    /// cooperative threads for a long command starves every other test running beside it.
    static func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        let result = try await spawn(arguments, environment: environment).result()
        return Result(status: result.status, standardOutput: result.output, standardError: result.errors)
    }

    /// Starts the CLI without waiting, for tests that watch or kill it.
    static func spawn(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess {
        try ChildProcess.spawn([executable.path] + arguments, environment: environment)
    }

    /// The repository root (for Samples/), found from this source file.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("churnguard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
