import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A client TCP socket on loopback that behaves as badly as a test needs: it sends partial requests
/// and holds connections open. Non-blocking after connect, and waited on with `Task.sleep`, so a test
/// never blocks a thread of the cooperative pool the server under test answers on.
final class RawSocket: @unchecked Sendable {
    let descriptor: Int32

    /// `receiveBuffer` shrinks the socket's receive buffer (before connecting, so the window is
    /// small from the start): a client that does not read then stalls the server's writes sooner.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        if var size = receiveBuffer {
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(descriptor) }

    /// Sends what the socket takes now; false once the peer has closed (EPIPE, ECONNRESET).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return true }
            return false
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Sends `bytes` as the peer takes them, until all are sent, the peer closes, or `limit` passes;
    /// how many bytes the kernel accepted.
    func sendAll(_ bytes: [UInt8], within limit: Duration) async throws -> Int {
        var offset = 0
        let start = ContinuousClock.now
        while offset < bytes.count, ContinuousClock.now - start < limit {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        return offset
    }

    /// Whether the server has closed the connection (reading any bytes it sent first).
    var isClosedByPeer: Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 { return true }
            if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        }
    }

    /// Waits until the server closes the connection; the seconds it took, or nil after `limit`.
    func awaitClose(within limit: Duration) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if isClosedByPeer { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// What the server sends until `marker` has arrived, it closes, or `limit` passes.
    func read(until marker: String, within limit: Duration) async throws -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received += buffer[0..<count]
                if String(decoding: received, as: UTF8.self).contains(marker) { break }
                continue
            }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Everything the server sends until it closes or `limit` passes.
    func readUntilClosed(within limit: Duration) async throws -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { received += buffer[0..<count]; continue }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// The resident memory of this process, from /proc.
func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}
