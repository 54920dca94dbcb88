import ChurnStore
import Foundation

/// `churnguard restore`: a backup made by ``HomeBackup`` into a new or empty home. The files are
/// copied into a staging directory beside the home and checked against the manifest's sizes and
/// SHA-256 there. A SQLite store is then opened (migrating it if this build is newer), checked with
/// `PRAGMA integrity_check`, and its registry pointed at the new home's bundles; a PostgreSQL
/// store is first restored by `pg_restore` into the empty database `databaseURL` names, in one
/// transaction. Only then is the staging directory renamed into place. A failure leaves the home
/// as it was (on PostgreSQL, a failed `pg_restore` leaves the database empty; a store restored but
/// then unusable, say for want of its data key, is reported as such, to be dropped before a retry). A home that
/// holds anything, or a database that holds any table, is refused: a live store is never
/// overwritten. A home whose data is sealed is restored with its data key (`dataKeys`, as the
/// store was opened with): the staged store is opened to be checked, and a store that names its
/// key refuses to open without it.
public enum HomeRestore {
    @discardableResult
    public static func restore(
        from backup: String, into home: String, databaseURL: String? = nil, dataKeys: DataKeySource = .none
    ) async throws -> BackupManifest {
        let manifestPath = (backup as NSString).appendingPathComponent(BackupManifest.fileName)
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw BackupError.notABackup(path: backup, reason: "no \(BackupManifest.fileName)")
        }
        let manifest: BackupManifest
        do {
            manifest = try BackupManifest.decode(data)
        } catch {
            throw BackupError.notABackup(path: backup, reason: "\(BackupManifest.fileName) is not readable: \(error)")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw BackupError.notABackup(path: backup, reason: "manifest format \(manifest.format), this churnguard reads \(BackupManifest.currentFormat)")
        }
        let engine = manifest.engine ?? .sqlite
        guard manifest.files.contains(where: { $0.path == engine.snapshotFile }) else {
            throw BackupError.notABackup(path: backup, reason: "the manifest lists no \(engine.snapshotFile)")
        }
        guard (engine == .postgresql) == (databaseURL != nil) else { throw BackupError.engineMismatch(backup: engine) }
        try refuseNonEmpty(home)

        let target = URL(fileURLWithPath: home).standardizedFileURL.path
        let staging = ((target as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(".\((target as NSString).lastPathComponent).restoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            for file in manifest.files {
                guard !file.path.split(separator: "/").contains(".."), !file.path.hasPrefix("/") else {
                    throw BackupError.notABackup(path: backup, reason: "the manifest names \(file.path) outside the backup")
                }
                guard try BackupFiles.copy(file.path, from: backup, to: staging) else { throw BackupError.missingFile(file: file.path) }
                let (digest, bytes) = try BackupFiles.sha256(of: (staging as NSString).appendingPathComponent(file.path))
                guard bytes == file.bytes else { throw BackupError.sizeMismatch(file: file.path, expected: file.bytes, actual: bytes) }
                guard digest == file.sha256 else { throw BackupError.checksumMismatch(file: file.path) }
            }
            let snapshot = (staging as NSString).appendingPathComponent(engine.snapshotFile)
            let database: StoreConfiguration.Database
            if let databaseURL {
                try await ChurnStore.restorePostgresDump(snapshot, into: databaseURL)
                try FileManager.default.removeItem(atPath: snapshot)  // the home needs no copy of the database
                database = .postgres(url: databaseURL)
            } else {
                database = .sqlite(path: snapshot)
            }
            do {
                try await check(StoreConfiguration(home: staging, database: database, dataKeys: dataKeys),
                                manifest: manifest, finalBundles: HomeBackup.bundlesDirectory(of: target))
            } catch where databaseURL != nil {
                // pg_restore committed: say so, or a second attempt would only meet a database that is not empty.
                throw BackupError.restoredDatabaseUnusable(reason: "\(error)")
            }
            try refuseNonEmpty(home)
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.moveItem(atPath: staging, toPath: target)
            return manifest
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Opens the staged store, runs the integrity check and relocates the registry's bundles.
    static func check(_ configuration: StoreConfiguration, manifest: BackupManifest, finalBundles: String) async throws {
        let store = try await ChurnStore.open(configuration)
        do {
            let problems = try await store.integrityProblems()
            guard problems.isEmpty else { throw BackupError.integrityCheckFailed(problems: problems) }
            try await store.modelRegistry.relocateBundles(from: manifest.sourceBundlesDirectory, to: finalBundles)
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    static func refuseNonEmpty(_ home: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue, (try FileManager.default.contentsOfDirectory(atPath: home)).isEmpty else {
            throw BackupError.homeNotEmpty(path: home)
        }
    }
}
