import ChurnTestSupport
import Foundation
import Hummingbird
import Testing
@testable import ChurnServer

/// The serving edge under clients that misbehave without a token, on real sockets: idle, slow and
/// half-sent connections are cut by their timeouts, the connection cap sheds idle connections so a
/// real client is still answered, and no body byte is read before the token is checked.
@Suite(.serialized) struct ServingEdgeTests {
    static func server(idle: Duration = .seconds(60), header: Duration = .seconds(60), body: Duration = .seconds(60), maxConnections: Int = 1_000) async throws -> TestServer {
        var test = try await TestServer()
        test.server.configuration.connections.idleTimeout = idle
        test.server.configuration.connections.headerTimeout = header
        test.server.configuration.connections.bodyTimeout = body
        test.server.configuration.connections.maxConnections = maxConnections
        return test
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        let test = try await Self.server(idle: .milliseconds(600))
        try await withRunningServer(test.server) { port in
            let socket = try RawSocket(port: port)
            let closedAfter = try await socket.awaitClose(within: .seconds(30))
            #expect(closedAfter != nil, "an idle connection stayed open for 30 s")
            if let closedAfter { #expect(closedAfter >= .milliseconds(400)) }
        }
    }

    @Test func headersSentAByteAtATimeAreCutAtTheHeaderTimeout() async throws {
        // The idle timeout is long: only the header timeout can close this connection in time.
        let test = try await Self.server(idle: .seconds(60), header: .milliseconds(800))
        try await withRunningServer(test.server) { port in
            let socket = try RawSocket(port: port)
            let head = Array("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 600)
            let start = ContinuousClock.now
            var closed = false
            for byte in head {
                if socket.isClosedByPeer || !socket.send([byte]) { closed = true; break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(closed, "a head trickling in for \(ContinuousClock.now - start) was never cut")
            // The idle timeout is 60 s: only the header timeout closes it this soon.
            #expect(ContinuousClock.now - start < .seconds(30))
        }
    }

    @Test func aHalfSentBodyIsCutAtTheBodyTimeout() async throws {
        let test = try await Self.server(idle: .seconds(60), header: .seconds(60), body: .milliseconds(800))
        let token = try await test.token(.scorer)
        try await withRunningServer(test.server) { port in
            let socket = try RawSocket(port: port)
            socket.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"customer_id\":")
            let closedAfter = try await socket.awaitClose(within: .seconds(30))
            #expect(closedAfter != nil, "a half-sent body held the connection for 30 s")
        }
    }

    @Test func atTheCapTheLongestIdleConnectionMakesRoomForARealClient() async throws {
        let test = try await Self.server(maxConnections: 8)
        let token = try await test.token(.scorer)
        try await withRunningServer(test.server) { port in
            // Eight keep-alive connections, each answered once (so the server has surely accepted it), now idle.
            var idle: [RawSocket] = []
            for index in 0..<8 {
                let socket = try RawSocket(port: port)
                let start = ContinuousClock.now
                socket.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                // Generous: the whole suite shares two cores, and a cold first answer can be slow.
                let answer = try await socket.read(until: "}", within: .seconds(120))
                #expect(answer.hasPrefix("HTTP/1.1 200"),
                        "connection \(index + 1) of 8 got \(answer.isEmpty ? "nothing" : String(answer.prefix(120))) after \(ContinuousClock.now - start) (closed by the server: \(socket.isClosedByPeer))")
                idle.append(socket)
            }
            // A real client: a whole request on a new connection is answered.
            let client = try RawSocket(port: port)
            let body = TestServer.specExample
            client.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
            let response = try await client.readUntilClosed(within: .seconds(120))
            #expect(response.hasPrefix("HTTP/1.1 200"), "\(response.prefix(200))")
            // The oldest idle connection was closed to make room.
            #expect(idle.contains { $0.isClosedByPeer })
        }
    }

    @Test func whenEveryConnectionIsBusyANewOneIsRefusedWith503() async throws {
        let test = try await Self.server(maxConnections: 2)
        let token = try await test.token(.scorer)
        let connections = ConnectionRegistry(limits: test.server.configuration.connections)
        try await withRunningApplication({ try test.server.makeApplication(connections: connections, onServerRunning: $0) }) { port in
            // Two uploads in progress: busy, not idle, so neither may be shed.
            let busy = try (0..<2).map { _ in try RawSocket(port: port) }
            for socket in busy {
                socket.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{")
            }
            // Until the server has read both heads (the body timeout is 60 s).
            let deadline = ContinuousClock.now + .seconds(60)
            while connections.count(in: .readingBody) < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(connections.count(in: .readingBody) == 2)
            let late = try RawSocket(port: port)
            late.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try await late.readUntilClosed(within: .seconds(120))
            #expect(response.hasPrefix("HTTP/1.1 503"), "\(response.prefix(200))")
            #expect(response.contains("too_many_connections"))
            #expect(!busy.contains { $0.isClosedByPeer })
        }
    }

    @Test func tokenlessUploadsHeldAtOnceAreRefusedBeforeTheirBodyIsRead() async throws {
        let test = try await Self.server()
        try await withRunningServer(test.server) { port in
            let answers = try await Self.uploadsHeldAtOnce(
                port: port, head: "POST /api/v1/predictions/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n")
            #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 401") }, "\(answers.map { $0.prefix(40) })")
        }
    }

    /// Sixteen uploads declaring a large body, started together and held open while each tries to
    /// write 8 MiB, with the server's resident memory measured before, while they are all held, and
    /// after: had the bodies been read, the server would hold up to 16 × 8 MiB more. Returns what the
    /// server answered each.
    static func uploadsHeldAtOnce(port: Int, head: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let before = residentMegabytes()
        let sockets = try (0..<16).map { _ in try RawSocket(port: port) }
        let chunk = [UInt8](repeating: UInt8(ascii: "["), count: 8 << 20)
        let sent = try await withThrowingTaskGroup(of: Int.self) { group in
            for socket in sockets {
                group.addTask {
                    socket.send(head)
                    return try await socket.sendAll(chunk, within: .seconds(3))
                }
            }
            return try await group.reduce(0, +)
        }
        let during = residentMegabytes()
        var answers: [String] = []
        for socket in sockets { answers.append(try await socket.readUntilClosed(within: .seconds(30))) }
        let after = residentMegabytes()
        #expect(during - before < 48, "resident memory grew from \(before) MB to \(during) MB with 16 uploads held (\(sent) bytes taken by the kernel)", sourceLocation: sourceLocation)
        #expect(after - before < 48, "resident memory grew from \(before) MB to \(after) MB", sourceLocation: sourceLocation)
        // The server closed each upload after its answer rather than read the rest.
        #expect(sent < 16 * chunk.count, "the server took every byte of every upload", sourceLocation: sourceLocation)
        return answers
    }

    @Test func aStreamedBodyIsRefusedAsSoonAsItPassesTheRouteLimit() async throws {
        let test = try await Self.server()
        let token = try await test.token(.scorer)
        try await withRunningServer(test.server) { port in
            let socket = try RawSocket(port: port)
            socket.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            // 512 chunks of 64 KiB: 32 MiB in all, sixteen times the route's 2 MiB and more than the
            // kernel's buffers hold, so only a server that kept reading could take it all.
            let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: " "), count: 65_536) + Array("\r\n".utf8)
            var taken = 0
            for _ in 0..<512 {
                let sent = try await socket.sendAll(chunk, within: .seconds(5))
                taken += sent
                if sent < chunk.count { break }
            }
            let response = try await socket.readUntilClosed(within: .seconds(30))
            #expect(response.hasPrefix("HTTP/1.1 413"), "\(response.prefix(200))")
            #expect(response.contains("body_too_large"))
            #expect(taken < 512 * chunk.count, "the whole 32 MiB was taken before the refusal")
        }
    }

    @Test func theOpenRoutesTakeNoBody() async throws {
        let test = try await Self.server()
        try await withRunningServer(test.server) { port in
            for path in ["/health", "/metrics"] {
                let socket = try RawSocket(port: port)
                socket.send("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1048576\r\n\r\n")
                let response = try await socket.readUntilClosed(within: .seconds(30))
                #expect(response.hasPrefix("HTTP/1.1 413"), "\(path): \(response.prefix(200))")
            }
        }
    }

    @Test func aClientThatStopsReadingItsAnswersIsCutAtTheWriteTimeout() async throws {
        var test = try await Self.server(idle: .seconds(60))
        test.server.configuration.connections.writeTimeout = .milliseconds(800)
        try await withRunningServer(test.server) { port in
            // Pipelined requests for the 34 KB contract, never read, through a 4 KiB receive window:
            // the server's answers pile up until its writes stall.
            let socket = try RawSocket(port: port, receiveBuffer: 4_096)
            let requests = Array(String(repeating: "GET /openapi.yaml HTTP/1.1\r\nHost: localhost\r\n\r\n", count: 600).utf8)
            _ = try await socket.sendAll(requests, within: .seconds(10))
            let deadline = ContinuousClock.now + .seconds(60)
            var cut = false
            while !cut, ContinuousClock.now < deadline {
                cut = Self.metric(test, #"churnguard_connections_closed_total{reason="write"}"#) >= 1
                if !cut { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(cut, "a client that read nothing for 60 s kept its connection")
            #expect(socket.isClosedByPeer)
        }
    }

    /// The value of one series in the server's metrics, 0 when it is not there yet.
    static func metric(_ test: TestServer, _ series: String) -> Double {
        var buffer: [UInt8] = []
        test.server.metrics.registry.emit(into: &buffer)
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return line.flatMap { Double($0.dropFirst(series.count + 1)) } ?? 0
    }

    @Test func aDeclaredBodyOverTheRouteLimitIs413AtOnce() async throws {
        let test = try await Self.server()
        let token = try await test.token(.scorer)
        try await withRunningServer(test.server) { port in
            let socket = try RawSocket(port: port)
            socket.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n")
            let response = try await socket.readUntilClosed(within: .seconds(5))
            #expect(response.hasPrefix("HTTP/1.1 413"), "\(response.prefix(200))")
        }
    }

    @Test func requestsWithoutAValidTokenAreRateLimitedPerAddress() async throws {
        var test = try await Self.server()
        test.server.configuration.anonymousBurst = 5
        test.server.configuration.anonymousRequestsPerSecond = 0.01
        try await test.server.makeApplication().test(.live) { client in
            var statuses: [Int] = []
            for _ in 0..<8 {
                try await client.execute(uri: "/api/v1/models", method: .get) { statuses.append(Int($0.status.code)) }
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 })
            #expect(statuses.suffix(3).allSatisfy { $0 == 429 })
            // Probes stay open to everyone.
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aTokenValidForTooLongIsRefused() async throws {
        let test = try await Self.server()
        let token = try await test.verifier.issue(subject: "client", role: .scorer, ttl: 30 * 86_400)
        await #expect(throws: TokenError.lifetimeTooLong(86_400)) { try await test.verifier.verify(token) }
        let fine = try await test.verifier.issue(subject: "client", role: .scorer, ttl: 3_600)
        #expect(try await test.verifier.verify(fine).role == .scorer)
    }
}
