import Foundation
import SQLKit

/// The model registry (`model_versions`) and its stage history (`model_stage_history`). Every change is
/// one transaction that also records the change in the history and the audit log; at most one version
/// is production, shadow or canary at a time (the database enforces it too).
public struct ModelRegistry: Sendable {
    let database: StoreDatabase

    /// Advisory-lock key serializing registry writers on PostgreSQL ("ChurnReg"); SQLite's
    /// `BEGIN IMMEDIATE` already does.
    static let postgresLockKey = 0x4368_7572_6E52_6567

    /// Registers a freshly trained version as a candidate.
    @discardableResult
    public func registerCandidate(
        version: String, metricsJSON: String, bundlePath: String, actor: String, reason: String? = nil, at: Date = Date()
    ) async throws -> ModelVersionRecord {
        try StoreValidation.identifier(version, field: "version", maxLength: 32)
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        let record = ModelVersionRecord(version: version, stage: .candidate, metricsJSON: metricsJSON, bundlePath: bundlePath, createdAt: at, reason: reason)
        let dialect = database.dialect
        try await writeTransaction { db in
            if try await Self.find(version, on: db) != nil { throw StoreError.modelVersionAlreadyRegistered(version) }
            try await db.raw("""
                INSERT INTO model_versions (version, stage, canary_share, metrics, bundle_path, created_at, reason)
                VALUES (\(bind: version), 'candidate', 0, \(dialect.json(metricsJSON)), \(bind: bundlePath), \(bind: at), \(bind: reason))
                """).run()
            try await Self.recordChange(version: version, from: nil, to: .candidate, actor: actor, reason: reason, at: at, dialect: dialect, on: db)
        }
        return record
    }

    /// Moves `version` to `stage`. Moving into production archives the current production version; moving
    /// into shadow or canary archives the version holding that role. Every move is recorded. `canaryShare`
    /// is required (0 < share < 1) for canary and ignored otherwise.
    @discardableResult
    public func setStage(
        _ version: String, to stage: ModelStage, actor: String, reason: String? = nil, canaryShare: Double? = nil, at: Date = Date()
    ) async throws -> ModelVersionRecord {
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        let share: Double
        if stage == .canary {
            guard let canaryShare, canaryShare.isFinite, canaryShare > 0, canaryShare < 1 else {
                throw StoreError.invalidValue(field: "canary_share", reason: "a canary needs a share strictly between 0 and 1, got \(canaryShare.map { "\($0)" } ?? "none")")
            }
            share = canaryShare
        } else {
            share = 0
        }
        let dialect = database.dialect
        return try await writeTransaction { db in
            guard var record = try await Self.find(version, on: db) else { throw StoreError.modelVersionNotFound(version) }
            let from = record.stage
            guard from.allowedNextStages.contains(stage), from != stage || stage == .canary else {
                throw StoreError.invalidStageTransition(version: version, from: from, to: stage)
            }
            if stage.isLive, from != stage, let holder = try await Self.holder(of: stage, on: db) {
                try await Self.move(holder, from: stage, to: .archived, share: 0, actor: actor,
                                    reason: "replaced by \(version)" + (reason.map { ": \($0)" } ?? ""), at: at, dialect: dialect, on: db)
            }
            try await Self.move(version, from: from, to: stage, share: share, actor: actor, reason: reason, at: at, dialect: dialect, on: db)
            record.stage = stage
            record.canaryShare = share
            record.reason = reason
            return record
        }
    }

    /// Restores the previous production version (the one most recently moved out of production) and
    /// archives the current one, atomically. Returns the restored version.
    @discardableResult
    public func rollback(actor: String, reason: String? = nil, at: Date = Date()) async throws -> ModelVersionRecord {
        guard let previous = try await previousProduction() else { throw StoreError.noPreviousProduction }
        return try await setStage(previous.version, to: .production, actor: actor, reason: reason ?? "rollback", at: at)
    }

    public func version(_ version: String) async throws -> ModelVersionRecord? {
        try await database.withConnection { db in try await Self.find(version, on: db) }
    }

    public func production() async throws -> ModelVersionRecord? { try await holder(of: .production) }
    public func shadow() async throws -> ModelVersionRecord? { try await holder(of: .shadow) }
    public func canary() async throws -> ModelVersionRecord? { try await holder(of: .canary) }

    /// The version a rollback would restore: the latest one moved out of production that is not
    /// production now and is still archived.
    public func previousProduction() async throws -> ModelVersionRecord? {
        try await database.withConnection { db in
            let row = try await db.raw("""
                SELECT h.version FROM model_stage_history h JOIN model_versions v ON v.version = h.version
                WHERE h.from_stage = 'production' AND v.stage = 'archived'
                ORDER BY h.id DESC LIMIT 1
                """).first()
            guard let version = try row?.decode(column: "version", as: String.self) else { return nil }
            return try await Self.find(version, on: db)
        }
    }

    /// Every registered version, newest first, optionally only those in `stage`.
    public func list(stage: ModelStage? = nil) async throws -> [ModelVersionRecord] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM model_versions"
            if let stage { query += " WHERE stage = \(bind: stage.rawValue)" }
            query += " ORDER BY created_at DESC, version DESC"
            return try await db.raw(query).all().map(Self.decode)
        }
    }

    /// The stage changes of one version (or of all versions), oldest first.
    public func history(version: String? = nil) async throws -> [StageChange] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT id, version, from_stage, to_stage, actor, reason, at FROM model_stage_history"
            if let version { query += " WHERE version = \(bind: version)" }
            query += " ORDER BY id"
            return try await db.raw(query).all().map { row in
                StageChange(
                    id: try row.decode(column: "id", as: Int.self),
                    version: try row.decode(column: "version", as: String.self),
                    fromStage: try row.decode(column: "from_stage", as: String?.self).map(ModelStage.init(parsing:)),
                    toStage: try ModelStage(parsing: try row.decode(column: "to_stage", as: String.self)),
                    actor: try row.decode(column: "actor", as: String.self),
                    reason: try row.decode(column: "reason", as: String?.self),
                    at: try row.decode(column: "at", as: Date.self)
                )
            }
        }
    }

    // MARK: - Inside a transaction

    static let columns = "version, stage, canary_share, metrics, bundle_path, created_at, reason"

    private func holder(of stage: ModelStage) async throws -> ModelVersionRecord? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM model_versions WHERE stage = \(bind: stage.rawValue)")
                .first().map(Self.decode)
        }
    }

    private func writeTransaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let dialect = database.dialect
        return try await database.withTransaction { db in
            if dialect == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.postgresLockKey))").run()
            }
            return try await body(db)
        }
    }

    static func find(_ version: String, on db: any SQLDatabase) async throws -> ModelVersionRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM model_versions WHERE version = \(bind: version)").first().map(decode)
    }

    static func holder(of stage: ModelStage, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT version FROM model_versions WHERE stage = \(bind: stage.rawValue)").first()?
            .decode(column: "version", as: String.self)
    }

    static func move(
        _ version: String, from: ModelStage, to: ModelStage, share: Double, actor: String, reason: String?, at: Date,
        dialect: SQLDialectKind, on db: any SQLDatabase
    ) async throws {
        try await db.raw("""
            UPDATE model_versions SET stage = \(bind: to.rawValue), canary_share = \(bind: share), reason = \(bind: reason)
            WHERE version = \(bind: version)
            """).run()
        try await recordChange(version: version, from: from, to: to, actor: actor, reason: reason, at: at, dialect: dialect, on: db)
    }

    static func recordChange(
        version: String, from: ModelStage?, to: ModelStage, actor: String, reason: String?, at: Date,
        dialect: SQLDialectKind, on db: any SQLDatabase
    ) async throws {
        try await db.raw("""
            INSERT INTO model_stage_history (version, from_stage, to_stage, actor, reason, at)
            VALUES (\(bind: version), \(bind: from?.rawValue), \(bind: to.rawValue), \(bind: actor), \(bind: reason), \(bind: at))
            """).run()
        let details = try AuditLog.detailsJSON(["from": from?.rawValue, "to": to.rawValue, "reason": reason])
        try await AuditLog.append(
            AuditEntry(actor: actor, action: "model.stage", target: "model:\(version)", at: at, detailsJSON: details),
            dialect: dialect, on: db
        )
    }

    static func decode(_ row: any SQLRow) throws -> ModelVersionRecord {
        ModelVersionRecord(
            version: try row.decode(column: "version", as: String.self),
            stage: try ModelStage(parsing: try row.decode(column: "stage", as: String.self)),
            canaryShare: try row.decode(column: "canary_share", as: Double.self),
            metricsJSON: try row.decode(column: "metrics", as: String.self),
            bundlePath: try row.decode(column: "bundle_path", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            reason: try row.decode(column: "reason", as: String?.self)
        )
    }
}
