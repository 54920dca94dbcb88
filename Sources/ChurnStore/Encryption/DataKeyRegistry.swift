import Foundation
import SQLKit

/// One data key as the store records it (``DataKeyRegistry``): its id and whether values may still
/// be sealed under it.
public struct DataKeyRecord: Sendable, Equatable {
    public enum State: String, Sendable {
        /// The key writers seal with.
        case active
        /// Replaced by a newer key; values sealed under it remain until a rotation finishes.
        case previous
        /// No value is sealed under it any more.
        case retired
    }

    public var keyID: String
    public var state: State
    public var createdAt: Date
    public var retiredAt: Date?
    /// Where an unfinished rotation resumes: the table and the last key it re-sealed.
    public var rotationTable: String?
    public var rotationAfter: String?
}

/// The `data_keys` table: which key ids the store's values may be sealed under. The store checks
/// the configured keys against it when it opens, so a wrong or missing key stops the process at
/// start-up with a message naming the key id, instead of failing on the first read.
struct DataKeyRegistry: Sendable {
    let database: StoreDatabase

    /// Refuses keys that cannot open the store's data, then records the current key as the one
    /// writers seal with (a new current key turns the old one into `previous`).
    func check(_ keyring: DataKeyring?, at now: Date = Date()) async throws {
        try await database.withTransaction { db in
            let records = try await Self.records(on: db)
            let live = records.filter { $0.state != .retired }.map(\.keyID)
            guard let keyring else {
                if !live.isEmpty { throw DataKeyError.missing(keyIDs: live) }
                return
            }
            if let unknown = live.first(where: { keyring.key(id: $0) == nil }) {
                throw DataKeyError.notConfigured(keyID: unknown, configured: keyring.ids)
            }
            let current = keyring.current.id
            if !records.contains(where: { $0.keyID == current }) {
                try await db.raw("""
                    INSERT INTO data_keys (key_id, state, created_at) VALUES (\(bind: current), 'active', \(bind: now))
                    ON CONFLICT (key_id) DO NOTHING
                    """).run()
            }
            // Values sealed under a retired key that is configured again could exist only if it
            // was retired too early; marking it live costs nothing and keeps them readable.
            try await db.raw("""
                UPDATE data_keys SET state = 'active', retired_at = NULL WHERE key_id = \(bind: current) AND state <> 'active'
                """).run()
            try await db.raw("""
                UPDATE data_keys SET state = 'previous' WHERE key_id <> \(bind: current) AND state = 'active'
                """).run()
        }
    }

    func records() async throws -> [DataKeyRecord] {
        try await database.withConnection { db in try await Self.records(on: db) }
    }

    static func records(on db: any SQLDatabase) async throws -> [DataKeyRecord] {
        try await db.raw("""
            SELECT key_id, state, created_at, retired_at, rotation_table, rotation_after FROM data_keys ORDER BY created_at, key_id
            """).all().map { row in
            let keyID = try row.decode(column: "key_id", as: String.self)
            let stateText = try row.decode(column: "state", as: String.self)
            // A state this version does not know is never guessed (a key read as previous could be retired).
            guard let state = DataKeyRecord.State(rawValue: stateText) else {
                throw StoreError.invalidValue(field: "data_keys.state of key \(keyID)", reason: "is '\(stateText.prefix(32))', not a state this version knows")
            }
            return DataKeyRecord(
                keyID: keyID,
                state: state,
                createdAt: try row.decode(column: "created_at", as: Date.self),
                retiredAt: try row.decode(column: "retired_at", as: Date?.self),
                rotationTable: try row.decode(column: "rotation_table", as: String?.self),
                rotationAfter: try row.decode(column: "rotation_after", as: String?.self))
        }
    }
}
