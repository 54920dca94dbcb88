import Foundation
import Logging
import PostgresNIO
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for the test run: `initdb` into a temp directory, started on a free
/// loopback port, one fresh database per test, stopped and deleted when the test process exits.
/// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user (which
/// the Debian package creates) through `runuser`.
public actor PostgresTestServer {
    public static let shared = PostgresTestServer()

    /// A server of one's own (e.g. to stop and restart it); `shared` serves most tests.
    public init() {}

    /// The server binaries, when this machine can run a test server at all.
    public struct Installation: Sendable {
        let binDirectory: String
        /// `["runuser", "-u", "postgres", "--"]` as root, empty otherwise.
        let runAsPrefix: [String]
    }

    /// nil with `unavailableReason` explaining why when PostgreSQL tests cannot run here.
    private static let probe = findInstallation()
    public static var installation: Installation? { probe.installation }
    public static var unavailableReason: String { probe.reason ?? "" }
    public static var isAvailable: Bool { installation != nil }

    private var started: (directory: String, port: Int)?
    private var startCommand: [String] = []
    private var stopCommand: [String] = []
    private var databaseCounter = 0

    /// A new empty database on the shared server, as a `postgres://` URL.
    public func makeDatabaseURL() async throws -> String {
        let (_, port) = try startIfNeeded()
        databaseCounter += 1
        let name = "churnstore_test_\(databaseCounter)"
        let logger = Logger(label: "churnstore.tests.postgres")
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: "127.0.0.1", port: port, username: "postgres", password: nil, database: "postgres", tls: .disable),
            id: databaseCounter,
            logger: logger
        )
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Stops the server (fast shutdown: clients are disconnected at once); ``restart()`` brings it
    /// back on the same port. Not `immediate`: the test server runs with `synchronous_commit=off`
    /// for speed, and an immediate stop would drop its last acknowledged commits, which a
    /// production server (synchronous_commit on) never does.
    public func stop() throws {
        guard started != nil else { return }
        try Self.run(stopCommand.map { $0 == "immediate" ? "fast" : $0 })
    }

    public func restart() throws {
        guard started != nil else { return }
        try Self.run(startCommand)
    }

    private func startIfNeeded() throws -> (String, Int) {
        if let started { return started }
        guard let installation = Self.installation else { throw HarnessError.unavailable(Self.unavailableReason) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("churnstore-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !installation.runAsPrefix.isEmpty {
            try Self.run(["chown", "postgres:", directory])
        }
        let data = directory + "/data"
        let bin = installation.binDirectory
        try Self.run(installation.runAsPrefix + ["\(bin)/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try Self.freePort()
            let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            do {
                let start = installation.runAsPrefix + ["\(bin)/pg_ctl", "-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"]
                try Self.run(start)
                startCommand = start
                stopCommand = installation.runAsPrefix + ["\(bin)/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]
                ServerCleanup.register(stop: stopCommand, directory: directory)
                started = (directory, port)
                return (directory, port)
            } catch {
                lastError = error  // most likely the port was taken between probing and binding; try another
            }
        }
        throw lastError ?? HarnessError.unavailable("could not start PostgreSQL")
    }

    private static func findInstallation() -> (installation: Installation?, reason: String?) {
        if ProcessInfo.processInfo.environment["CHURNGUARD_TEST_SKIP_POSTGRES"] != nil {
            return (nil, "CHURNGUARD_TEST_SKIP_POSTGRES is set")
        }
        let fm = FileManager.default
        var candidates: [String] = []
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        guard let bin = candidates.first(where: { fm.isExecutableFile(atPath: "\($0)/initdb") && fm.isExecutableFile(atPath: "\($0)/pg_ctl") }) else {
            return (nil, "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or PATH); install the postgresql package to run the PostgreSQL tests")
        }
        guard getuid() == 0 else { return (Installation(binDirectory: bin, runAsPrefix: []), nil) }
        guard getpwnam("postgres") != nil else {
            return (nil, "running as root and there is no 'postgres' user to run the test server as (PostgreSQL refuses root)")
        }
        guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: fm.isExecutableFile(atPath:)) else {
            return (nil, "running as root and runuser is missing, so the test server cannot run as 'postgres' (PostgreSQL refuses root)")
        }
        return (Installation(binDirectory: bin, runAsPrefix: [runuser, "-u", "postgres", "--"]), nil)
    }

    /// A port nothing listens on right now (bind to port 0, read it back, release it).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.unavailable("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw HarnessError.unavailable("bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { throw HarnessError.unavailable("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// PostgreSQL's own integrity check (`pg_amcheck`: every table's heap and every B-tree index,
    /// with each heap tuple looked up in its indexes) of the database `url` names on this server;
    /// throws with its report when it finds corruption.
    public static func amcheck(url: String) throws {
        guard let installation, let components = URLComponents(string: url), let port = components.port else {
            throw HarnessError.unavailable(unavailableReason)
        }
        let database = String(components.path.dropFirst())
        try run(["\(installation.binDirectory)/pg_amcheck", "--install-missing", "--heapallindexed",
                     "-h", components.host ?? "127.0.0.1", "-p", String(port), "-U", components.user ?? "postgres", database])
    }

    /// Runs a command to completion and returns its output (standard output, then error). Through
    /// ``ChildProcess`` rather than Foundation's Process: `pg_ctl start` leaves a daemon behind, and
    /// Process on Linux was seen never to report that command's exit.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.spawn(arguments).waitBlocking()
        let output = result.output + result.errors
        guard result.status == 0 else {
            throw HarnessError.commandFailed(arguments.joined(separator: " "), status: result.status, output: output)
        }
        return output
    }

    public enum HarnessError: Error, CustomStringConvertible {
        case unavailable(String)
        case commandFailed(String, status: Int32, output: String)

        public var description: String {
            switch self {
            case .unavailable(let reason): reason
            case .commandFailed(let command, let status, let output): "`\(command)` exited with \(status):\n\(output)"
            }
        }
    }
}

/// Stops the test server and deletes its directory when the test process exits. Swift Testing has no
/// run-wide teardown hook, so this uses `atexit`.
enum ServerCleanup {
    private static let pending = LockedCommands()

    static func register(stop: [String], directory: String) {
        pending.set(stop: stop, directory: directory)
        registerExitHandler
    }

    private static let registerExitHandler: Void = {
        atexit {
            ServerCleanup.pending.runOnce()
        }
    }()

    private final class LockedCommands: @unchecked Sendable {
        private let lock = NSLock()
        private var servers: [(stop: [String], directory: String)] = []

        func set(stop: [String], directory: String) {
            lock.withLock { servers.append((stop, directory)) }
        }

        func runOnce() {
            let servers = lock.withLock { () -> [(stop: [String], directory: String)] in
                defer { self.servers = [] }
                return self.servers
            }
            for server in servers {
                _ = try? PostgresTestServer.run(server.stop)
                try? FileManager.default.removeItem(atPath: server.directory)
            }
        }
    }
}
