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
        try await withRunningServer(test.server) { port in
            // Two uploads in progress: busy, not idle, so neither may be shed.
            let busy = try (0..<2).map { _ in try RawSocket(port: port) }
            for socket in busy {
                socket.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{")
            }
            // Long enough for both heads to be read on a loaded machine; the body timeout is 60 s.
            try await Task.sleep(for: .seconds(2))
            let late = try RawSocket(port: port)
            late.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try await late.readUntilClosed(within: .seconds(120))
            #expect(response.hasPrefix("HTTP/1.1 503"), "\(response.prefix(200))")
            #expect(response.contains("too_many_connections"))
            #expect(!busy.contains { $0.isClosedByPeer })
        }
    }

    @Test func tokenlessUploadsAreRefusedBeforeTheirBodyIsRead() async throws {
        let test = try await Self.server()
        try await withRunningServer(test.server) { port in
            // Warm up, then measure: 16 tokenless uploads declaring 64 MiB, 8 MiB written each.
            let before = residentMegabytes()
            let chunk = [UInt8](repeating: UInt8(ascii: "["), count: 1 << 20)
            var refused = 0
            for _ in 0..<16 {
                let socket = try RawSocket(port: port)
                socket.send("POST /api/v1/predictions/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n")
                for _ in 0..<8 {
                    if !socket.send(chunk) { break }
                    try await Task.sleep(for: .milliseconds(5))
                }
                let response = try await socket.readUntilClosed(within: .seconds(5))
                if response.hasPrefix("HTTP/1.1 401") { refused += 1 }
            }
            let after = residentMegabytes()
            #expect(refused == 16)
            // Had the bodies been read, the server would hold up to 16 × 8 MiB more.
            #expect(after - before < 48, "resident memory grew from \(before) MB to \(after) MB")
        }
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
