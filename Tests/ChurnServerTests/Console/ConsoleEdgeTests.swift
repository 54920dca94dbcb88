import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnServer

/// The console's side of the serving edge, on real sockets: no body is read before a session is
/// found (but the sign-in form's, which is small and shed at the connection cap like an idle
/// connection), and requests without a session are limited per address.
@Suite(.serialized) struct ConsoleEdgeTests {
    @Test func uploadsWithoutASessionAreSentToSignInBeforeTheirBodyIsRead() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home)
            try await withRunningServer(test.server) { port in
                // The console's largest upload route (16 MiB), once without a cookie and once with a made-up one.
                for cookie in ["", "Cookie: churnguard_session=\(String(repeating: "A", count: 43))\r\n"] {
                    let answers = try await ServingEdgeTests.uploadsHeldAtOnce(
                        port: port,
                        head: "POST /console/predict/batch HTTP/1.1\r\nHost: localhost\r\n\(cookie)Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 16000000\r\n\r\n")
                    #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 303") && $0.lowercased().contains("location: /console/login?next=%2fconsole%2fpredict%2fbatch") },
                            "\(answers.map { $0.prefix(200) })")
                }
            }
        }
    }

    @Test func atTheCapSignInFormsInProgressMakeRoomForARealClient() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home) { $0.connections.maxConnections = 4 }
            let token = try await test.token(.scorer)
            try await withRunningServer(test.server) { port in
                // Four sign-in forms declared and never finished: their sender is unknown, so they may be shed.
                let forms = try (0..<4).map { _ in try RawSocket(port: port) }
                for socket in forms {
                    socket.send("POST /console/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\nusername=a")
                }
                let client = try RawSocket(port: port)
                let body = TestServer.specExample
                client.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
                let response = try await client.readUntilClosed(within: .seconds(120))
                #expect(response.hasPrefix("HTTP/1.1 200"), "\(response.prefix(200))")
                #expect(forms.contains { $0.isClosedByPeer })
                #expect(ServingEdgeTests.metric(test, #"churnguard_connections_closed_total{reason="shed"}"#) >= 1)
            }
        }
    }

    @Test func pagesAskedForWithoutASessionAreLimitedPerAddress() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home) {
                $0.anonymousBurst = 3
                $0.anonymousRequestsPerSecond = 0.01
            }
            try await withRunningServer(test.server) { port in
                var statuses: [String] = []
                for _ in 0..<5 {
                    let socket = try RawSocket(port: port)
                    socket.send("GET /console/at-risk HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    statuses.append(String(try await socket.readUntilClosed(within: .seconds(30)).prefix(12)))
                }
                #expect(statuses == Array(repeating: "HTTP/1.1 303", count: 3) + Array(repeating: "HTTP/1.1 429", count: 2), "\(statuses)")
                // The sign-in page stays open: it is where the limited are sent.
                let signIn = try RawSocket(port: port)
                signIn.send("GET /console/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                #expect(try await signIn.readUntilClosed(within: .seconds(30)).hasPrefix("HTTP/1.1 200"))
            }
        }
    }

    @Test func aStoreThatCannotCheckSessionsIsA503NotACrash() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home)
            try await withRunningServer(test.server) { port in
                try await store.shutdown()
                let socket = try RawSocket(port: port)
                socket.send("GET /console/at-risk HTTP/1.1\r\nHost: localhost\r\nCookie: churnguard_session=\(String(repeating: "A", count: 43))\r\nConnection: close\r\n\r\n")
                let response = try await socket.readUntilClosed(within: .seconds(30))
                #expect(response.hasPrefix("HTTP/1.1 503"), "\(response.prefix(300))")
                #expect(response.contains("session_unavailable") && response.lowercased().contains("retry-after: 5"))
            }
        }
    }
}
