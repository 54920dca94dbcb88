import AsyncHTTPClient
import NIOCore

/// The HTTP client a delivery worker sends with: certificate verification on (the default), no
/// redirects (a webhook that moved should say so, not be followed blindly), and a connection pool
/// as wide as the worker's concurrency. The caller shuts it down.
public enum DeliveryHTTPClient {
    public static func make(concurrency: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency)))
        configuration.httpVersion = .automatic
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
