import Foundation

/// A person who signs in to the console with a name and password. The store keeps the password's
/// hash as the caller made it (ChurnServices' `ConsolePassword`); it never sees the password.
public struct ConsoleUser: Sendable, Equatable {
    public var username: String
    /// `scorer`, `analyst`, `operator` or `admin`, as the API's roles.
    public var role: String
    public var passwordHash: String
    public var createdAt: Date
    public var updatedAt: Date

    public static let roles: Set<String> = ["scorer", "analyst", "operator", "admin"]

    public init(username: String, role: String, passwordHash: String, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.username = username
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    func validate() throws {
        try StoreValidation.identifier(username, field: "username", maxLength: 64)
        guard username.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._@-".unicodeScalars.contains($0) }) else {
            throw StoreError.invalidValue(field: "username", reason: "'\(username.prefix(40))' may contain only letters, digits and . _ @ -")
        }
        try ConsoleUser.validateRole(role)
        try StoreValidation.identifier(passwordHash, field: "password_hash", maxLength: 512)
    }

    static func validateRole(_ role: String) throws {
        guard roles.contains(role) else {
            throw StoreError.invalidValue(field: "role", reason: "'\(role.prefix(40))' is not one of \(roles.sorted().joined(separator: ", "))")
        }
    }
}

/// A signed-in browser: who, with which role, the CSRF token its forms carry, until when. Found by
/// the SHA-256 of the cookie's secret (`sessionHash`, hex), never by the secret itself.
public struct ConsoleSession: Sendable, Equatable {
    public var sessionHash: String
    /// The console user's name, or the API token's subject.
    public var subject: String
    public var role: String
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(sessionHash: String, subject: String, role: String, csrfToken: String, createdAt: Date = Date(), expiresAt: Date) {
        self.sessionHash = sessionHash
        self.subject = subject
        self.role = role
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    func validate() throws {
        try StoreValidation.identifier(sessionHash, field: "session_hash", maxLength: 64)
        try StoreValidation.identifier(subject, field: "subject", maxLength: 256)
        try ConsoleUser.validateRole(role)
        try StoreValidation.identifier(csrfToken, field: "csrf_token", maxLength: 64)
        guard expiresAt > createdAt else { throw StoreError.invalidValue(field: "expires_at", reason: "must be after created_at") }
    }
}
