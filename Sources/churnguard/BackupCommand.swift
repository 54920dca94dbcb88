import ArgumentParser
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard backup --out DIR`: a consistent copy of the home (store, bundles, spool, delivery and
/// schedule files) with a checksummed manifest, taken while a server goes on writing.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store, bundles and spool into a new directory, safely while the server runs.",
        discussion: """
            The store is copied with SQLite's VACUUM INTO, or on PostgreSQL (CHURNGUARD_DATABASE_URL) with pg_dump from \
            the newest installed PostgreSQL, which must be at least the server's version; either way one consistent \
            snapshot, taken without stopping writers. Restore with `churnguard restore --from DIR --home NEW_HOME`.
            """
    )

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).") var home: String?
    @Option(name: .long, help: "The backup directory to create (must not exist).") var out: String

    func run() async throws {
        let home = DataHome.resolve(home)
        let start = Date()
        let manifest = try await withStore(home: home) { store in try await HomeBackup.create(store: store, home: home, out: out) }
        let bytes = manifest.files.reduce(0) { $0 + $1.bytes }
        print("backup written to \(out): \(manifest.files.count) file(s), \(bytes) bytes, schema version \(manifest.schemaVersion), "
              + String(format: "%.2f s", Date().timeIntervalSince(start)))
    }
}
