import ChurnTestSupport
import Foundation
import Hummingbird
@testable import ChurnServer

/// Runs a server on a free loopback port for the duration of `body`, for tests that need a real
/// socket (TLS) rather than the in-process router.
func withRunningServer<Value: Sendable>(_ server: ChurnServer, _ body: (Int) async throws -> Value) async throws -> Value {
    try await withRunningApplication({ try server.makeApplication(onServerRunning: $0) }, body)
}

/// A command-line tool's exit status and standard output.
struct ToolRun {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `tool arguments…` (found on PATH) and awaits it on a thread of its own: waiting on a child
/// inside the cooperative pool could starve the server under test of the threads it answers on.
func runTool(_ tool: String, _ arguments: [String], in directory: String? = nil) async throws -> ToolRun {
    let result = try await ChildProcess.run([tool] + arguments, directory: directory)
    return ToolRun(status: result.status, output: result.output, errors: result.errors)
}
