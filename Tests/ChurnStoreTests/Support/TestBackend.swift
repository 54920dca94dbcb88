import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnStore

/// The two engines every store contract runs against. Each contract test in `Contract/` is
/// parameterized over ``allCases``, so a new contract test covers both engines without a second list
/// to keep in step.
enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// A configuration pointing at a brand-new, empty database: a SQLite file in a not-yet-existing
    /// directory, or a fresh database on the PostgreSQL test server, which starts once per test
    /// process on first use. Where PostgreSQL cannot run, the PostgreSQL case is cancelled, or fails
    /// in a run that must run every test (``TestRequirement``).
    func freshConfiguration() async throws -> StoreConfiguration {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("churnstore-\(UUID().uuidString)").path
        switch self {
        case .sqlite:
            return StoreConfiguration(home: home, database: .sqlite(path: home + "/nested/churnguard.sqlite"))
        case .postgres:
            try TestRequirement.postgreSQL.check()
            return StoreConfiguration(home: home, database: .postgres(url: try await PostgresTestServer.shared.makeDatabaseURL()))
        }
    }

    /// Opens a store on a fresh database, runs `body`, and shuts the store down whatever happens.
    func withStore(_ body: (ChurnStore) async throws -> Void) async throws {
        let configuration = try await freshConfiguration()
        defer { Self.removeHome(of: configuration) }
        try await ChurnTestSupport.withStore(configuration, body)
    }

    /// Deletes a test configuration's home directory (the SQLite file lives there).
    static func removeHome(of configuration: StoreConfiguration) {
        try? FileManager.default.removeItem(atPath: configuration.home)
    }
}

/// JSON text in one canonical spelling (sorted keys, no whitespace), so tests compare JSON by meaning:
/// the engines normalize whitespace differently.
func canonicalJSON(_ text: String) throws -> String {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}
