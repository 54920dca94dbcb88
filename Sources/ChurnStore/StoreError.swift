import Foundation

/// Why a store operation was refused. Each case says what was wrong and what to do next; nothing has been
/// written when one of these is thrown.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDatabaseURL(String)
    case cannotCreateDirectory(path: String, reason: String)
    /// Connecting to or migrating the database failed for a reason outside the store (server down,
    /// authentication, disk).
    case openFailed(database: String, reason: String)
    /// The database was migrated by a newer ChurnGuard than this one.
    case schemaTooNew(databaseVersion: Int, supportedVersion: Int)
    case invalidValue(field: String, reason: String)
    case unknownStage(String)
    case unknownServedBy(String)
    case unknownBatchRunStatus(String)
    case modelVersionNotFound(String)
    case modelVersionAlreadyRegistered(String)
    case invalidStageTransition(version: String, from: ModelStage, to: ModelStage)
    case noPreviousProduction
    case batchRunNotFound(UUID)
    case batchRunNotRunning(UUID, status: BatchRunStatus)
    case campaignAlreadyExists(String)
    case campaignNotFound(String)
    case customerNotInCampaign(customerID: String, campaignID: String)
    /// An outcome id already recorded with different content, or a second outcome for the same customer.
    case outcomeConflict(outcomeID: String, reason: String)
    /// `churnguard users add` for a name that is taken (without `--replace`).
    case consoleUserExists(String)
    /// `pg_dump` or `pg_restore` is missing or failed; `reason` carries its own message.
    case postgresToolFailed(tool: String, reason: String)
    /// A restore into a PostgreSQL database that holds tables already.
    case restoreTargetNotEmpty(tables: [String])
    /// The erasure list's key file cannot be read, written or used.
    case erasureKeyUnusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidDatabaseURL(let url):
            "CHURNGUARD_DATABASE_URL is not a usable PostgreSQL URL (\(url)); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        case .cannotCreateDirectory(let path, let reason):
            "cannot create the data directory \(path) (\(reason)); choose another --home or fix its permissions"
        case .openFailed(let database, let reason):
            "cannot open the database \(database): \(reason); check CHURNGUARD_DATABASE_URL / --home and that the database is reachable"
        case .schemaTooNew(let databaseVersion, let supportedVersion):
            "the database schema is at version \(databaseVersion) but this churnguard knows versions up to \(supportedVersion); upgrade churnguard"
        case .invalidValue(let field, let reason):
            "\(field): \(reason)"
        case .unknownStage(let stage):
            "unknown model stage '\(stage)'; expected one of \(ModelStage.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownServedBy(let value):
            "unknown served_by '\(value)'; expected one of \(ServedBy.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownBatchRunStatus(let value):
            "unknown batch run status '\(value)'; expected one of \(BatchRunStatus.allCases.map(\.rawValue).joined(separator: ", "))"
        case .modelVersionNotFound(let version):
            "model version \(version) is not in the registry; see `churnguard models list`"
        case .modelVersionAlreadyRegistered(let version):
            "model version \(version) is already registered; give the new bundle another version"
        case .invalidStageTransition(let version, let from, let to):
            "model version \(version) cannot move from \(from.rawValue) to \(to.rawValue); allowed from \(from.rawValue): \(from.allowedNextStages.map(\.rawValue).sorted().joined(separator: ", "))"
        case .noPreviousProduction:
            "there is no previous production version to roll back to"
        case .batchRunNotFound(let id):
            "batch run \(id) does not exist"
        case .batchRunNotRunning(let id, let status):
            "batch run \(id) is already \(status.rawValue); start a new run instead"
        case .campaignAlreadyExists(let id):
            "campaign \(id) already exists; give the new campaign another id"
        case .campaignNotFound(let id):
            "campaign \(id) does not exist; see `churnguard campaign list`"
        case .customerNotInCampaign(let customerID, let campaignID):
            "customer \(customerID) is not a candidate (or holdout) of campaign \(campaignID)"
        case .consoleUserExists(let name):
            "a console user named '\(name)' already exists; pass --replace to set a new role and password"
        case .outcomeConflict(let outcomeID, let reason):
            "outcome \(outcomeID) conflicts with a recorded outcome: \(reason)"
        case .erasureKeyUnusable(let path, let reason):
            "the erasure key \(path) is unusable: \(reason); restore it from the backup or set CHURNGUARD_ERASURE_KEY_FILE"
        case .postgresToolFailed(let tool, let reason):
            "\(tool) failed: \(reason)"
        case .restoreTargetNotEmpty(let tables):
            "the database CHURNGUARD_DATABASE_URL names holds \(tables.count) table(s) already (\(tables.prefix(5).joined(separator: ", "))); "
                + "restore only into a new, empty database (a live store is never overwritten)"
        }
    }
}
