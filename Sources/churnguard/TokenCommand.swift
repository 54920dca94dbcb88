import ArgumentParser
import ChurnServer
import Foundation

/// `churnguard token`: issues a development token for the API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue a bearer token (HS256) for the API, for development and scripts.",
        discussion: """
            Uses CHURNGUARD_JWT_SECRET, else the secret in HOME/jwt-secret (created on first use, mode 0600, shared with `serve`).

            Roles: scorer (predict), analyst (read), operator (campaigns, feedback), admin (/admin).

            Example:
              TOKEN=$(churnguard token --role scorer --ttl 1h)
              curl -H "Authorization: Bearer $TOKEN" ...
            """
    )

    @Option(name: .long, help: "Role: scorer, analyst, operator or admin.")
    var role: String

    @Option(name: .long, help: "Lifetime: e.g. 30m, 1h, 12h (at most 30d; serve refuses tokens valid for longer than its --max-token-lifetime, 24h by default).")
    var ttl = "1h"

    @Option(name: .long, help: "Subject (client id) the token is for; rate limits are per subject.")
    var subject = "dev-client"

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    func run() async throws {
        guard let role = Role(rawValue: role) else {
            throw ValidationError("--role '\(role)' is not one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let seconds = Self.seconds(ttl), seconds > 0, seconds <= 30 * 86_400 else {
            throw ValidationError("--ttl '\(ttl)' must be a number with s, m, h or d, at most 30d (e.g. 1h)")
        }
        if seconds > Self.serveDefaultMaxLifetime {
            StandardError.print("warning: serve refuses a token valid for \(ttl) unless it runs with --max-token-lifetime \(Int(seconds)) or more (default 86400, a day)")
        }
        let verifier = try await ServerSecrets.verifier(home: DataHome.resolve(home))
        print(try await verifier.issue(subject: subject, role: role, ttl: seconds))
    }

    /// `serve --max-token-lifetime`'s default.
    static let serveDefaultMaxLifetime: TimeInterval = 86_400

    static func seconds(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let value = Double(text.dropLast()), value.isFinite else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3_600
        case "d": return value * 86_400
        default: return nil
        }
    }
}

/// `--home` / `CHURNGUARD_HOME` / `./churnguard-data`.
enum DataHome {
    static func resolve(_ option: String?) -> String {
        option ?? ProcessInfo.processInfo.environment["CHURNGUARD_HOME"] ?? "./churnguard-data"
    }
}
