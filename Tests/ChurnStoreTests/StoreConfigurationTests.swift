import Testing
@testable import ChurnStore

@Suite struct StoreConfigurationTests {
    @Test func defaultsToSQLiteUnderHome() {
        let config = StoreConfiguration.resolve(home: nil, environment: [:])
        #expect(config.database == .sqlite(path: "./churnguard-data/churnguard.sqlite"))
    }

    @Test func databaseURLSwitchesToPostgres() {
        let config = StoreConfiguration.resolve(home: "/srv/cg", environment: ["CHURNGUARD_DATABASE_URL": "postgres://u@localhost/cg"])
        #expect(config.home == "/srv/cg")
        #expect(config.database == .postgres(url: "postgres://u@localhost/cg"))
    }

    @Test func unreachableServerIsAClearError() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let config = StoreConfiguration(home: "/tmp/unused", database: .postgres(url: "postgres://u:secret@127.0.0.1:1/cg?sslmode=disable"))
        do {
            let store = try await ChurnStore.open(config)
            try await store.shutdown()
            Issue.record("opening an unreachable database succeeded")
        } catch let error as StoreError {
            guard case .openFailed(let database, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(database == "postgres://u:***@127.0.0.1:1/cg?sslmode=disable")
            #expect(!error.description.contains("secret"))
        }
    }

    @Test func malformedURLIsAClearError() async throws {
        await #expect(throws: StoreError.invalidDatabaseURL("mysql://nope")) {
            try await ChurnStore.open(StoreConfiguration(home: "/tmp/unused", database: .postgres(url: "mysql://nope")))
        }
    }
}
