import Foundation

/// PostgreSQL's own `pg_dump` and `pg_restore`, which back up and restore a PostgreSQL store. The
/// store's URL reaches them through libpq's environment (`PGHOST`, `PGPASSWORD`, …), never as an
/// argument, where any user's `ps` would show the password.
enum PostgresClientTools {
    /// libpq's environment for `url`: host, port, user, password, database and TLS mode.
    static func environment(url: String) throws -> [String: String] {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw StoreError.invalidDatabaseURL(StoreDatabase.redacted(url))
        }
        var environment = ["PGHOST": host, "PGPORT": String(components.port ?? 5432), "PGCONNECT_TIMEOUT": "10"]
        if let user = components.user, !user.isEmpty { environment["PGUSER"] = user }
        if let password = components.password { environment["PGPASSWORD"] = password }
        let database = String(components.path.drop { $0 == "/" })
        environment["PGDATABASE"] = database.removingPercentEncoding ?? database
        let query = components.queryItems ?? []
        if let mode = query.first(where: { $0.name == "sslmode" || $0.name == "tlsmode" })?.value, !mode.isEmpty {
            environment["PGSSLMODE"] = mode
        }
        return environment
    }

    /// The tool's path: the newest installed PostgreSQL's own (a newer `pg_dump` reads older
    /// servers, never the reverse), else the one on `PATH`.
    static func executable(_ tool: String) throws -> String {
        let fileManager = FileManager.default
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        var candidates = versions.map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(tool)" }
        guard let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0) }) else {
            throw StoreError.postgresToolFailed(tool: tool, reason: "it is not installed; install the postgresql-client package")
        }
        return found
    }

    /// Runs `tool` with `arguments` against `url` and waits for it, off the caller's thread. A
    /// non-zero exit throws with the tool's own message (its last lines of standard error).
    static func run(_ tool: String, arguments: [String], url: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable(tool))
        process.arguments = arguments
        // The URL's settings win; others the operator set for libpq (PGSSLROOTCERT, PGPASSWORD for a URL
        // without one) still apply, except those that would point the tool at another server.
        var environment = ProcessInfo.processInfo.environment.filter { !["PGHOSTADDR", "PGSERVICE", "PGSERVICEFILE"].contains($0.key) }
        environment.merge(try Self.environment(url: url)) { _, new in new }
        process.environment = environment
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("churnguard-\(tool)-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.postgresToolFailed(tool: tool, reason: "cannot create \(errors.path)")
        }
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? errorHandle.close() }
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: StoreError.postgresToolFailed(tool: tool, reason: "\(error)"))
            }
        }
        guard status == 0 else {
            let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").suffix(3).joined(separator: "; ")
            throw StoreError.postgresToolFailed(tool: tool, reason: "exit status \(status): \(lines.isEmpty ? "no message" : lines)")
        }
    }
}
