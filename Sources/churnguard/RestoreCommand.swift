import ArgumentParser
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard restore --from DIR [--home H]`: a backup into a new or empty home, checksums and
/// `PRAGMA integrity_check` verified before the home appears.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a `churnguard backup` directory into a new or empty data directory.",
        discussion: """
            A home that holds anything is refused: stop the server and pick a new --home instead of overwriting a live one. \
            A PostgreSQL backup is restored with pg_restore, in one transaction, into the database CHURNGUARD_DATABASE_URL \
            names, which must be new and empty (create it with createdb first). \
            A home whose customer data is encrypted at rest is restored with the same data key in the environment \
            (CHURNGUARD_DATA_KEY_FILE or CHURNGUARD_DATA_KEY, as `serve` is given it): the backup holds the sealed \
            data, never the key.
            """
    )

    @Option(name: .long, help: "The backup directory (from `churnguard backup`).") var from: String
    @Option(name: .long, help: "Data directory to create (default: CHURNGUARD_HOME or ./churnguard-data).") var home: String?

    func run() async throws {
        let home = DataHome.resolve(home)
        let configuration = StoreConfiguration.resolve(home: home)
        var databaseURL: String?
        if case .postgres(let url) = configuration.database { databaseURL = url }
        let manifest = try await HomeRestore.restore(from: from, into: home, databaseURL: databaseURL, dataKeys: configuration.dataKeys)
        let checked = databaseURL == nil ? "integrity_check ok" : "pg_restore into the empty database done"
        print("restored \(manifest.files.count) file(s) into \(home): checksums match, \(checked), backup of "
              + ISO8601DateFormatter().string(from: manifest.createdAt))
    }
}
