/// How long a client may hold a connection without progress, and how many it may hold at once.
/// Without these an idle socket, a request whose headers arrive a byte at a time, or a half-sent
/// body would stay open for as long as the client liked, and enough of them exhaust the process's
/// file descriptors for everyone.
public struct ConnectionLimits: Sendable, Equatable {
    /// Longest a connection may wait for the first byte of its next request (keep-alive idle).
    public var idleTimeout: Duration = .seconds(60)
    /// Longest from the first byte of a request to the end of its head.
    public var headerTimeout: Duration = .seconds(10)
    /// Longest from the end of a request's head to the end of its body.
    public var bodyTimeout: Duration = .seconds(60)
    /// Longest a client may go without reading what it is sent (while the server has more to send
    /// than the socket takes).
    public var writeTimeout: Duration = .seconds(60)
    /// Most open client connections. Beyond it the connection that has waited longest on its client
    /// (idle, sending its head or its sign-in form, or not reading its answer) is closed to make room; when every connection is busy, the new one is
    /// answered 503 `too_many_connections` and closed.
    public var maxConnections = 4_096

    public init() {}
}
