import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// `churnguard users add|list|remove`: console users with PBKDF2 password hashes.
@Suite struct UsersCommandTests {
    static func churnguard(_ arguments: [String], home: String, password: String? = nil, input: String? = nil) async throws -> ChildProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_DATABASE_URL"] = nil
        environment["CHURNGUARD_CONSOLE_PASSWORD"] = password
        return try await ChildProcess.spawn([CLIProcess.executable.path] + arguments + ["--home", home], environment: environment, input: input.map { Data($0.utf8) }).result()
    }

    @Test func addsListsAndRemovesUsersWithHashedPasswords() async throws {
        let home = try CLIProcess.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let added = try await Self.churnguard(["users", "add", "alice", "--role", "operator"], home: home, input: "correct horse battery\n")
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("console user alice (operator) added"))
        let again = try await Self.churnguard(["users", "add", "alice", "--role", "admin"], home: home, password: "another long password")
        #expect(again.status != 0 && again.errors.contains("already exists; pass --replace"))
        let short = try await Self.churnguard(["users", "add", "bob", "--role", "admin"], home: home, password: "short")
        #expect(short.status != 0 && short.errors.contains("password: must be at least 12 characters"))
        let badRole = try await Self.churnguard(["users", "add", "bob", "--role", "root"], home: home, password: "long enough password")
        #expect(badRole.status != 0 && badRole.errors.contains("--role 'root' is not one of"))
        let list = try await Self.churnguard(["users", "list"], home: home)
        #expect(list.output == "alice\toperator\n")

        try await withStore(StoreConfiguration.resolve(home: home, environment: [:])) { store in
            let user = try #require(try await store.consoleAccounts.user(named: "alice"))
            #expect(user.passwordHash.hasPrefix("pbkdf2-sha256$600000$"))
            #expect(ConsolePassword.verify("correct horse battery", against: user.passwordHash))
            #expect(!ConsolePassword.verify("correct horse batterY", against: user.passwordHash))
            #expect(try await store.auditLog.entries(target: "console-user:alice").map(\.action) == ["console.user.add"])
        }
        #expect(try await Self.churnguard(["users", "remove", "alice"], home: home).status == 0)
        #expect(try await Self.churnguard(["users", "remove", "alice"], home: home).status != 0)
    }
}
