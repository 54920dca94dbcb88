import Foundation
import Testing

/// Something a test needs from the machine (a PostgreSQL server, promtool). Where it is missing, the
/// test is cancelled, saying why, so that a laptop without PostgreSQL still runs everything else. A run
/// that must run every test (CI) fails instead: a green CI run that quietly left PostgreSQL out would
/// claim a test it never ran.
public struct TestRequirement: Sendable {
    public let name: String
    /// nil when the requirement is met here; otherwise why not.
    public let unavailableReason: String?

    public init(name: String, unavailableReason: String?) {
        self.name = name
        self.unavailableReason = unavailableReason
    }

    /// The throwaway PostgreSQL server of ``PostgresTestServer``.
    public static let postgreSQL = TestRequirement(
        name: "PostgreSQL", unavailableReason: PostgresTestServer.isAvailable ? nil : PostgresTestServer.unavailableReason)

    /// True when every test must run: `CI=true` (how CI runs `scripts/test.sh`) or
    /// `CHURNGUARD_REQUIRE_ALL_TESTS=1` (which `scripts/test.sh` exports under CI).
    public static let everyTestMustRun = mustRunEveryTest(ProcessInfo.processInfo.environment)

    public static func mustRunEveryTest(_ environment: [String: String]) -> Bool {
        let yes: Set<String> = ["1", "true", "yes"]
        return [environment["CI"], environment["CHURNGUARD_REQUIRE_ALL_TESTS"]].contains { yes.contains($0?.lowercased() ?? "") }
    }

    /// Returns when the requirement is met. Otherwise throws ``Unmet`` (the test fails) when every test
    /// must run, or cancels the current test or test case.
    public func check() throws {
        guard let reason = unavailableReason else { return }
        if Self.everyTestMustRun { throw Unmet(name: name, reason: reason) }
        try Test.cancel(Comment(rawValue: "\(name) is unavailable here: \(reason)"))
    }

    /// The failure of a test whose requirement is missing in a run that must run every test.
    public struct Unmet: Error, CustomStringConvertible {
        public let name: String
        public let reason: String

        public var description: String {
            "\(name) is required in this run (CI=true or CHURNGUARD_REQUIRE_ALL_TESTS=1), but it is unavailable: \(reason). "
                + "Install it (scripts/bootstrap.sh --postgres) instead of skipping the tests that need it."
        }
    }
}

/// ``TestRequirement/check()`` before each test of a suite, or before one test.
public struct RequirementTrait: TestTrait, SuiteTrait, TestScoping {
    public let requirement: TestRequirement

    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try requirement.check()
        try await function()
    }
}

extension Trait where Self == RequirementTrait {
    /// Runs the test only where `requirement` is met; see ``TestRequirement``.
    public static func requires(_ requirement: TestRequirement) -> Self {
        RequirementTrait(requirement: requirement)
    }
}
