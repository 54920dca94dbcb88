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
}
