import Foundation
import Hummingbird
@testable import ChurnServer

/// Runs a server on a free loopback port for the duration of `body`, for tests that need a real
/// socket (TLS) rather than the in-process router.
func withRunningServer<Value: Sendable>(_ server: ChurnServer, _ body: (Int) async throws -> Value) async throws -> Value {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let application = try server.makeApplication(onServerRunning: { port in continuation.yield(port) })
    let running = Task { try await application.runService(gracefulShutdownSignals: []) }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw CancellationError() }
    do {
        let value = try await body(port)
        running.cancel()
        _ = await running.result
        return value
    } catch {
        running.cancel()
        _ = await running.result
        throw error
    }
}

/// A command-line tool's exit status and standard output.
struct ToolRun {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `tool arguments…` (found on PATH) on a GCD thread and awaits it: waiting on a child process
/// inside the cooperative pool could starve the server under test of the threads it answers on.
func runTool(_ tool: String, _ arguments: [String], in directory: String? = nil) async throws -> ToolRun {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try runToolBlocking(tool, arguments, in: directory) })
        }
    }
}

private func runToolBlocking(_ tool: String, _ arguments: [String], in directory: String?) throws -> ToolRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
}
