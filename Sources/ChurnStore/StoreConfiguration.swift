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

    public static let defaultHome = "./churnguard-data"

    public init(home: String, database: Database) {
        self.home = home
        self.database = database
    }

    /// Resolves `--home` / `CHURNGUARD_HOME` / the default, and `CHURNGUARD_DATABASE_URL`.
    public static func resolve(home: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreConfiguration {
        let home = home ?? environment["CHURNGUARD_HOME"] ?? defaultHome
        if let url = environment["CHURNGUARD_DATABASE_URL"], url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return StoreConfiguration(home: home, database: .postgres(url: url))
        }
        return StoreConfiguration(home: home, database: .sqlite(path: (home as NSString).appendingPathComponent("churnguard.sqlite")))
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
