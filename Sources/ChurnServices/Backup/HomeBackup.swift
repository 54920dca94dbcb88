import ChurnStore
import Foundation

/// `churnguard backup`: a consistent copy of a home taken while the server writes — the store
/// (``ChurnStore/writeSnapshot(to:)``: `VACUUM INTO` on SQLite, `pg_dump` on PostgreSQL), the
/// registered bundles, the predictions spool and the delivery and schedule files — in a new
/// directory with a manifest of sizes and SHA-256 checksums. The spool is copied before the
/// snapshot and the bundles after it: a prediction acknowledged from the spool before the backup is
/// in the copied spool or already in the snapshot (replays are idempotent), and every bundle the
/// snapshot's registry names is there. `jwt-secret` is not copied: keep it with your other secrets.
/// `erasure-key` is: the erasure list in the snapshot is keyed by it and useless without it.
public enum HomeBackup {
    /// Files of the home copied as they are, when present.
    static let configurationFiles = ["delivery.yaml", "schedule.yaml", "erasure-key"]

    /// Writes the backup of `store` (whose home is `home`) into `out`, which must not exist.
    @discardableResult
    public static func create(store: ChurnStore, home: String, out: String) async throws -> BackupManifest {
        let engine = BackupManifest.Engine(store.configuration.database)
        guard !FileManager.default.fileExists(atPath: out) else { throw BackupError.outputExists(path: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            let spool = (home as NSString).appendingPathComponent("spool")
            for file in BackupFiles.files(under: spool) {
                try BackupFiles.copy("spool/" + file, from: home, to: out)
            }
            try await store.writeSnapshot(to: (out as NSString).appendingPathComponent(engine.snapshotFile))
            let schemaVersion = try await store.schemaVersion()
            for file in BackupFiles.files(under: (home as NSString).appendingPathComponent("bundles")) {
                try BackupFiles.copy("bundles/" + file, from: home, to: out)
            }
            for file in configurationFiles where FileManager.default.fileExists(atPath: (home as NSString).appendingPathComponent(file)) {
                try BackupFiles.copy(file, from: home, to: out)
            }
            let files = try BackupFiles.files(under: out).map { relative in
                let (digest, bytes) = try BackupFiles.sha256(of: (out as NSString).appendingPathComponent(relative))
                return BackupManifest.File(path: relative, bytes: bytes, sha256: digest)
            }
            let manifest = BackupManifest(
                format: BackupManifest.currentFormat, engine: engine, createdAt: Date(), schemaVersion: schemaVersion,
                sourceBundlesDirectory: bundlesDirectory(of: home), files: files)
            try manifest.encoded().write(to: URL(fileURLWithPath: (out as NSString).appendingPathComponent(BackupManifest.fileName)), options: .atomic)
            return manifest
        } catch {
            try? FileManager.default.removeItem(atPath: out)
            throw error
        }
    }

    /// The absolute `bundles/` path the registry's bundle paths start with (as `ModelRegistration` writes them).
    static func bundlesDirectory(of home: String) -> String {
        URL(fileURLWithPath: home).appendingPathComponent("bundles").standardizedFileURL.path
    }
}
