import ChurnStore
import Foundation

/// `manifest.json` of a backup directory: what it holds and each file's size and SHA-256, so that
/// a restore can refuse a copy that is incomplete or altered. Written last, so a directory without
/// one is a backup that did not finish.
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Equatable {
        /// Relative to the backup directory, `/`-separated.
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    /// The store's engine, and so which snapshot file the backup holds.
    public enum Engine: String, Codable, Sendable {
        case sqlite
        case postgresql

        init(_ database: StoreConfiguration.Database) {
            switch database {
            case .sqlite: self = .sqlite
            case .postgres: self = .postgresql
            }
        }

        /// The snapshot's file in the backup directory.
        public var snapshotFile: String { ChurnStore.snapshotFileName(postgres: self == .postgresql) }
    }

    public var format: Int
    /// Absent from backups made before PostgreSQL was backed up: those are SQLite's.
    public var engine: Engine?
    public var createdAt: Date
    /// The schema migration the store was at.
    public var schemaVersion: Int
    /// The home's `bundles/` directory as an absolute path: the registry's bundle paths start with it
    /// and are moved to the new home's on restore.
    public var sourceBundlesDirectory: String
    public var files: [File]

    public static let fileName = "manifest.json"
    public static let currentFormat = 1

    enum CodingKeys: String, CodingKey {
        case format, files, engine
        case createdAt = "created_at"
        case schemaVersion = "schema_version"
        case sourceBundlesDirectory = "source_bundles_directory"
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(BackupManifest.self, from: data)
    }
}
