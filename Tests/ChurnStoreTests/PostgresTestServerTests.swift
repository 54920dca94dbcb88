import ChurnTestSupport
import Testing

/// The PostgreSQL cases of the store contract run on this server. Where PostgreSQL cannot run, those
/// cases are cancelled, and a cancelled case of a parameterized test is not listed in the output; this
/// test is, so the run says that (and why) PostgreSQL was left out.
@Suite struct PostgresTestServerTests {
    @Test(.requires(.postgreSQL))
    func handsOutADistinctDatabasePerCall() async throws {
        let first = try await PostgresTestServer.shared.makeDatabaseURL()
        let second = try await PostgresTestServer.shared.makeDatabaseURL()
        #expect(first.hasPrefix("postgres://"))
        #expect(first != second)
    }
}
