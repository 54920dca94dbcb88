import Foundation

/// Where ChurnGuard keeps its data: a home directory (SQLite file, bundles, spool) and, when
/// `CHURNGUARD_DATABASE_URL` is set to a `postgres://` URL, a PostgreSQL database instead of SQLite.
public struct StoreConfiguration: Sendable, Equatable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var home: String
    public var database: Database
    /// The data keys that seal customer features and personal columns at rest; none by default.
    public var dataKeys: DataKeySource

    public static let defaultHome = "./churnguard-data"

    public init(home: String, database: Database, dataKeys: DataKeySource = .none) {
        self.home = home
        self.database = database
        self.dataKeys = dataKeys
    }

    /// Resolves `--home` / `CHURNGUARD_HOME` / the default, `CHURNGUARD_DATABASE_URL` and the data
    /// keys (`CHURNGUARD_DATA_KEY[_FILE]`, `CHURNGUARD_DATA_KEY_PREVIOUS[_FILE]`).
    public static func resolve(home: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreConfiguration {
        let home = home ?? environment["CHURNGUARD_HOME"] ?? defaultHome
        let keys = DataKeySource.environment(environment)
        if let url = environment["CHURNGUARD_DATABASE_URL"], url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return StoreConfiguration(home: home, database: .postgres(url: url), dataKeys: keys)
        }
        return StoreConfiguration(home: home, database: .sqlite(path: (home as NSString).appendingPathComponent("churnguard.sqlite")), dataKeys: keys)
    }
}

extension StoreConfiguration.Database {
    /// The SQLite path, or the PostgreSQL URL without its password, for messages.
    public var displayName: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): StoreDatabase.redacted(url)
        }
    }
}
