import Foundation
import Logging
import SQLKit

/// Everything ChurnGuard keeps, behind one interface over two real databases: the embedded SQLite file
/// under the data directory (the default) or PostgreSQL (`CHURNGUARD_DATABASE_URL`). Opening a store
/// applies any pending schema migrations; the tables are reached through one value per concern
/// (`onlineFeatures`, `predictionsLog`, `modelRegistry`, `batchRuns`, `auditLog`, `campaigns`,
/// `outcomes`, `monitoringRuns`, `outbox`, `jobRuns`, `consoleAccounts`, `customerData`), all sharing one connection pool. Call `shutdown()` before the process exits.
public final class ChurnStore: Sendable {
    /// Connection and locking knobs; the defaults suit one machine and a small PostgreSQL.
    public struct Options: Sendable, Equatable {
        /// How long a SQLite writer waits for another writer (another connection or process) before failing.
        public var busyTimeoutMilliseconds: Int = 10_000
        public var sqliteConnectionsPerEventLoop: Int = 2
        public var postgresConnectionsPerEventLoop: Int = 4
        public var connectionRequestTimeoutSeconds: Int = 30
        /// SQLite: commits never checkpoint the write-ahead log themselves (a checkpoint copies the
        /// WAL into the file and syncs it, milliseconds the committing caller would wait for); the
        /// owner calls ``ChurnStore/checkpointWAL()`` instead. `serve` does, every second, so that
        /// requests wait at most for its last, short pass.
        public var checkpointsInBackground = false

        public init() {}
    }

    public let configuration: StoreConfiguration
    let database: StoreDatabase
    /// Seals and opens the encrypted columns (and files kept beside the store, such as the
    /// predictions spool); passes values through when the store has no key.
    public let cipher: FieldCipher

    /// The latest feature snapshot per customer, read by online scoring and batch scoring.
    public var onlineFeatures: OnlineFeatureStore { OnlineFeatureStore(database: database, erasureList: erasureList, cipher: cipher) }
    /// Every prediction served or computed, the source of truth for dedup and delivery.
    public var predictionsLog: PredictionsLog { PredictionsLog(database: database, erasureList: erasureList, cipher: cipher) }
    /// Model versions, their lifecycle stage and every stage change.
    public var modelRegistry: ModelRegistry { ModelRegistry(database: database) }
    /// Batch scoring runs and their resume markers.
    public var batchRuns: BatchRunLog { BatchRunLog(database: database) }
    /// Chunks of coordinated batch scoring, claimed by workers under a lease.
    public var scoreChunks: ScoreChunkQueue { ScoreChunkQueue(database: database) }
    /// Append-only record of who did what.
    public var auditLog: AuditLog { AuditLog(database: database) }
    /// The raw activity tables as loaded by `ingest`.
    public var rawTables: RawTableStore { RawTableStore(database: database, erasureList: erasureList, cipher: cipher) }
    /// Reads the raw tables back a customer range at a time (`features --from-store`).
    public var rawTableReader: RawTableReader { RawTableReader(database: database, cipher: cipher) }
    /// Retention campaigns and their candidates.
    public var campaigns: CampaignStore { CampaignStore(database: database, cipher: cipher) }
    /// Outcomes of campaign customers, fed back for learning and reports.
    public var outcomes: OutcomeLog { OutcomeLog(database: database, cipher: cipher) }
    /// The history of monitoring runs (drift, estimated and realized performance).
    public var monitoringRuns: MonitoringRunLog { MonitoringRunLog(database: database) }
    /// Delivery messages waiting for, being sent to, or refused by their destinations.
    public var outbox: Outbox { Outbox(database: database) }
    /// The scheduler's job runs: leases, occurrences run, history.
    public var jobRuns: JobRunLog { JobRunLog(database: database) }
    /// What each CRM destination was last told about each customer's tier.
    public var tierSync: TierSyncLog { TierSyncLog(database: database) }
    /// The web console's users and signed-in sessions.
    public var consoleAccounts: ConsoleAccounts { ConsoleAccounts(database: database) }
    /// One customer's rows across the store: export and erasure on request.
    public var customerData: CustomerData { CustomerData(database: database, erasureList: erasureList, cipher: cipher) }
    /// Purges personal data older than the retention policy's cutoffs.
    public var retention: RetentionPurge { RetentionPurge(database: database) }

    /// The data keys the store's values are sealed under.
    public var dataKeys: [DataKeyRecord] { get async throws { try await DataKeyRegistry(database: database).records() } }
    /// Re-seals every encrypted value under the current data key.
    public var keyRotation: DataKeyRotation { DataKeyRotation(database: database, cipher: cipher) }
    /// Whether values written now are sealed (a data key is configured).
    public var encryptsAtRest: Bool { cipher.encrypts }

    var erasureList: ErasureList { ErasureList(home: configuration.home) }

    private init(configuration: StoreConfiguration, database: StoreDatabase, cipher: FieldCipher) {
        self.configuration = configuration
        self.database = database
        self.cipher = cipher
    }

    /// Opens (creating if needed) the configured database and brings its schema up to date. Safe to call
    /// from several processes at once: migrations run under a database-wide lock.
    public static func open(
        _ configuration: StoreConfiguration,
        options: Options = Options(),
        logger: Logger = Logger(label: "churnguard.store")
    ) async throws -> ChurnStore {
        // A key that cannot be read fails before any connection is made.
        let keyring = try configuration.dataKeys.load()
        let database: StoreDatabase
        switch configuration.database {
        case .sqlite(let path): database = try StoreDatabase.sqlite(path: path, options: options, logger: logger)
        case .postgres(let url): database = try StoreDatabase.postgres(url: url, options: options, logger: logger)
        }
        do {
            try await SchemaMigrator(database: database).migrate()
            try await DataKeyRegistry(database: database).check(keyring)
        } catch let error as StoreError {
            try? await database.shutdown()
            throw error
        } catch let error as DataKeyError {
            try? await database.shutdown()
            throw error
        } catch {
            try? await database.shutdown()
            // String(reflecting:) because PostgresNIO's plain description hides the cause.
            throw StoreError.openFailed(database: configuration.database.displayName, reason: String(reflecting: error))
        }
        // PostgreSQL: the log's partitions for this month and the next two exist before anyone
        // writes (best effort: a write makes its own month too, and the default takes the rest).
        let thisMonth = PredictionsLogPartitions.Month(containing: Date())
        try? await PredictionsLogPartitions(database: database).ensure([thisMonth, thisMonth.next, thisMonth.next.next])
        return ChurnStore(configuration: configuration, database: database, cipher: FieldCipher(keyring: keyring))
    }

    /// The highest schema migration applied to this database.
    public func schemaVersion() async throws -> Int {
        try await SchemaMigrator(database: database).appliedVersions().max() ?? 0
    }

    /// Copies what the SQLite write-ahead log holds into the database file (`PRAGMA
    /// wal_checkpoint(PASSIVE)`, mostly without stopping writers) and makes the next commit start the
    /// log afresh. Returns the log's frames and how many are now in the file; nothing to do on
    /// PostgreSQL.
    @discardableResult
    public func checkpointWAL() async throws -> (walFrames: Int, checkpointedFrames: Int) {
        try await database.checkpointWAL()
    }

    /// Closes every connection. The store is unusable afterwards; calling this twice is harmless.
    public func shutdown() async throws {
        try await database.shutdown()
    }
}
