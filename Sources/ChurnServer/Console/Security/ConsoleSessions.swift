import ChurnServices
import ChurnStore
import Crypto
import Foundation
import Hummingbird

/// Console sign-in state: a random secret in an HttpOnly, SameSite=Strict cookie (Secure under
/// TLS) scoped to `/console`, and a `console_sessions` row found by the secret's SHA-256, with the
/// role and a CSRF token every form must carry. Sessions expire after ``lifetime`` (or when the
/// API token they were opened with does).
struct ConsoleSessions: Sendable {
    static let cookieName = "churnguard_session"
    /// Before sign-in there is no session to hold a CSRF token: the sign-in form carries one that
    /// must match this cookie's (double submit).
    static let loginCookieName = "churnguard_login"

    let store: ChurnStore
    let verifier: TokenVerifier
    /// Under TLS the cookies are marked Secure.
    let secure: Bool
    var lifetime: TimeInterval = 8 * 3_600

    /// The signed-in session of `request`, or nil.
    func current(_ request: Request, now: Date = Date()) async throws -> ConsoleSession? {
        guard let secret = request.cookies[Self.cookieName]?.value, secret.count == 43 else { return nil }
        return try await store.consoleAccounts.session(hash: Self.digest(secret), now: now)
    }

    /// Opens a session; returns the cookie that carries it.
    func open(subject: String, role: Role, until limit: Date? = nil, now: Date = Date()) async throws -> Cookie {
        let secret = Self.randomToken()
        let expires = min(now.addingTimeInterval(lifetime), limit ?? .distantFuture)
        try await store.consoleAccounts.createSession(ConsoleSession(
            sessionHash: Self.digest(secret), subject: subject, role: role.rawValue, csrfToken: Self.randomToken(),
            createdAt: now, expiresAt: expires))
        return cookie(Self.cookieName, value: secret, maxAge: max(1, Int(expires.timeIntervalSince(now))))
    }

    /// Ends `request`'s session; returns the cookie that clears it in the browser.
    func close(_ request: Request) async throws -> Cookie {
        if let secret = request.cookies[Self.cookieName]?.value {
            try await store.consoleAccounts.endSession(hash: Self.digest(secret))
        }
        return cookie(Self.cookieName, value: "", maxAge: 0)
    }

    func cookie(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes, base64url without padding (43 characters, cookie-safe).
    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a submitted CSRF token is the expected one (constant time).
    static func tokensMatch(_ submitted: String?, _ expected: String?) -> Bool {
        guard let submitted, let expected, !expected.isEmpty else { return false }
        return ConsolePassword.constantTimeEqual(Data(submitted.utf8), Data(expected.utf8))
    }
}
