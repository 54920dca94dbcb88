import Foundation
import SQLKit

/// The console's users and sessions (`console_users`, `console_sessions`, migration 10).
public struct ConsoleAccounts: Sendable {
    let database: StoreDatabase

    /// Adds `user`; a name already taken is refused (``StoreError/consoleUserExists(_:)``) unless
    /// `replacing`, which sets the role and password of the existing user.
    public func add(_ user: ConsoleUser, replacing: Bool = false) async throws {
        try user.validate()
        try await database.withTransaction { db in
            let existing = try await db.raw("SELECT username FROM console_users WHERE username = \(bind: user.username)").first()
            if existing != nil {
                guard replacing else { throw StoreError.consoleUserExists(user.username) }
                try await db.raw("""
                    UPDATE console_users SET role = \(bind: user.role), password_hash = \(bind: user.passwordHash), updated_at = \(bind: user.updatedAt)
                    WHERE username = \(bind: user.username)
                    """).run()
            } else {
                try await db.raw("""
                    INSERT INTO console_users (username, role, password_hash, created_at, updated_at)
                    VALUES (\(bind: user.username), \(bind: user.role), \(bind: user.passwordHash), \(bind: user.createdAt), \(bind: user.updatedAt))
                    """).run()
            }
        }
    }

    public func user(named username: String) async throws -> ConsoleUser? {
        try await database.withConnection { db in
            try await db.raw("SELECT username, role, password_hash, created_at, updated_at FROM console_users WHERE username = \(bind: username)")
                .first().map(Self.decodeUser)
        }
    }

    /// Every user, by name.
    public func users() async throws -> [ConsoleUser] {
        try await database.withConnection { db in
            try await db.raw("SELECT username, role, password_hash, created_at, updated_at FROM console_users ORDER BY username")
                .all().map(Self.decodeUser)
        }
    }

    /// Removes a user and ends their sessions; returns whether there was one.
    @discardableResult
    public func remove(username: String) async throws -> Bool {
        try await database.withTransaction { db in
            let existed = try await db.raw("SELECT username FROM console_users WHERE username = \(bind: username)").first() != nil
            try await db.raw("DELETE FROM console_users WHERE username = \(bind: username)").run()
            try await db.raw("DELETE FROM console_sessions WHERE subject = \(bind: username)").run()
            return existed
        }
    }

    /// Stores a new session; expired sessions are swept in the same transaction, so the table holds
    /// only live ones without a background task.
    public func createSession(_ session: ConsoleSession) async throws {
        try session.validate()
        try await database.withTransaction { db in
            try await db.raw("DELETE FROM console_sessions WHERE expires_at <= \(bind: session.createdAt)").run()
            try await db.raw("""
                INSERT INTO console_sessions (session_hash, subject, role, csrf_token, created_at, expires_at)
                VALUES (\(bind: session.sessionHash), \(bind: session.subject), \(bind: session.role), \(bind: session.csrfToken), \
                \(bind: session.createdAt), \(bind: session.expiresAt))
                """).run()
        }
    }

    /// The session with this hash if it has not expired at `now`.
    public func session(hash: String, now: Date = Date()) async throws -> ConsoleSession? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT session_hash, subject, role, csrf_token, created_at, expires_at FROM console_sessions
                WHERE session_hash = \(bind: hash) AND expires_at > \(bind: now)
                """).first().map { row in
                ConsoleSession(
                    sessionHash: try row.decode(column: "session_hash", as: String.self),
                    subject: try row.decode(column: "subject", as: String.self),
                    role: try row.decode(column: "role", as: String.self),
                    csrfToken: try row.decode(column: "csrf_token", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    expiresAt: try row.decode(column: "expires_at", as: Date.self))
            }
        }
    }

    /// Signs a session out.
    public func endSession(hash: String) async throws {
        try await database.withWriteStatement { db in
            try await db.raw("DELETE FROM console_sessions WHERE session_hash = \(bind: hash)").run()
        }
    }

    static func decodeUser(_ row: any SQLRow) throws -> ConsoleUser {
        ConsoleUser(
            username: try row.decode(column: "username", as: String.self),
            role: try row.decode(column: "role", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
