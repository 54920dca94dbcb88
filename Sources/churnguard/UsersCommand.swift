import ArgumentParser
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard users add|list|remove`: the web console's users (name, role, password).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the web console's users (sign-in at /console/login).",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a console user, or with --replace set a user's role and password.",
            discussion: """
                The password is read from CHURNGUARD_CONSOLE_PASSWORD, else from the first line of standard \
                input (so it appears neither in the process list nor in shell history). At least 12 characters. \
                It is stored as a PBKDF2-HMAC-SHA256 hash (600,000 rounds, random salt).

                Example:
                  printf '%s\\n' "$PASSWORD" | churnguard users add alice --role analyst
                """
        )

        @Argument(help: "User name: letters, digits and . _ @ -, at most 64 characters.")
        var name: String

        @Option(name: .long, help: "Role: scorer, analyst, operator or admin.")
        var role: String

        @Flag(name: .long, help: "Replace an existing user's role and password.")
        var replace = false

        @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
        var home: String?

        func run() async throws {
            guard ConsoleUser.roles.contains(role) else {
                throw ValidationError("--role '\(role)' is not one of: scorer, analyst, operator, admin")
            }
            guard let password = ProcessInfo.processInfo.environment["CHURNGUARD_CONSOLE_PASSWORD"] ?? readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("no password: set CHURNGUARD_CONSOLE_PASSWORD or write it on standard input")
            }
            let hash: String
            do { hash = try ConsolePassword.hash(password) } catch let error as ConsolePasswordError {
                throw ValidationError(error.description)
            }
            try await withStore(home: home) { store in
                do {
                    try await store.consoleAccounts.add(ConsoleUser(username: name, role: role, passwordHash: hash), replacing: replace)
                } catch let error as StoreError {
                    throw ValidationError(error.description)
                }
                try await store.auditLog.append(AuditEntry(
                    actor: ProcessInfo.processInfo.environment["USER"] ?? "cli", action: replace ? "console.user.replace" : "console.user.add",
                    target: "console-user:\(name)", detailsJSON: "{\"role\":\"\(role)\"}"))
            }
            print("console user \(name) (\(role)) \(replace ? "updated" : "added"); sign in at /console/login")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List console users and their roles.")

        @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
        var home: String?

        func run() async throws {
            let users = try await withStore(home: home) { try await $0.consoleAccounts.users() }
            for user in users { print("\(user.username)\t\(user.role)") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a console user and end their sessions.")

        @Argument(help: "User name.")
        var name: String

        @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
        var home: String?

        func run() async throws {
            let removed = try await withStore(home: home) { store in
                let removed = try await store.consoleAccounts.remove(username: name)
                if removed {
                    try await store.auditLog.append(AuditEntry(actor: ProcessInfo.processInfo.environment["USER"] ?? "cli", action: "console.user.remove", target: "console-user:\(name)"))
                }
                return removed
            }
            guard removed else { throw ValidationError("no console user named '\(name)'") }
            print("console user \(name) removed")
        }
    }
}
