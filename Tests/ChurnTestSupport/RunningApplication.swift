import Hummingbird

/// Runs the application `make` builds on a free loopback port for the duration of `body`, which
/// gets the port; the application is stopped on every way out. `make` receives the callback to
/// hand to the application's `onServerRunning`.
public func withRunningApplication<App: ApplicationProtocol, Value: Sendable>(
    _ make: (@escaping @Sendable (Int) async -> Void) throws -> App, _ body: (Int) async throws -> Value
) async throws -> Value {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let application = try make { port in continuation.yield(port) }
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
