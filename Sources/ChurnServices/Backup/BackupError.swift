/// Why a backup or restore was refused. Nothing in the target home has been changed when one of
/// these is thrown (`restoredDatabaseUnusable` says what was written to the database).
public enum BackupError: Error, Equatable, Sendable, CustomStringConvertible {
    case outputExists(path: String)
    case notABackup(path: String, reason: String)
    case checksumMismatch(file: String)
    case sizeMismatch(file: String, expected: Int, actual: Int)
    case missingFile(file: String)
    case homeNotEmpty(path: String)
    case integrityCheckFailed(problems: [String])
    /// A PostgreSQL backup restored without a database URL, or a SQLite one with.
    case engineMismatch(backup: BackupManifest.Engine)
    /// `pg_restore` succeeded but the restored store does not open (a missing data key, say).
    case restoredDatabaseUnusable(reason: String)

    public var description: String {
        switch self {
        case .outputExists(let path):
            "--out: \(path) already exists; a backup goes into a new directory"
        case .notABackup(let path, let reason):
            "--from: \(path) is not a complete churnguard backup (\(reason))"
        case .checksumMismatch(let file):
            "--from: \(file) does not match its SHA-256 in the manifest; the backup is damaged or was altered, restore another"
        case .sizeMismatch(let file, let expected, let actual):
            "--from: \(file) has \(actual) bytes, the manifest says \(expected); the backup is damaged, restore another"
        case .missingFile(let file):
            "--from: \(file) is listed in the manifest but missing; the backup is incomplete"
        case .homeNotEmpty(let path):
            "--home: \(path) is not empty; restore only into an empty or new directory (a live store is never overwritten)"
        case .engineMismatch(.postgresql):
            "--from: this is a backup of a PostgreSQL store; set CHURNGUARD_DATABASE_URL to a new, empty database to restore it into"
        case .engineMismatch(.sqlite):
            "--from: this is a backup of a SQLite store; unset CHURNGUARD_DATABASE_URL to restore it into the home's SQLite file"
        case .restoredDatabaseUnusable(let reason):
            "the backup was restored into the database, but the store there does not open: \(reason); "
                + "drop and re-create that database, fix the cause, and restore again (the home was not created)"
        case .integrityCheckFailed(let problems):
            "the restored database fails PRAGMA integrity_check: \(problems.prefix(5).joined(separator: "; "))"
        }
    }
}
