import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit

/// The connection pool under a `ChurnStore`: SQLite (a file) or PostgreSQL (a URL), both seen as sql-kit
/// `SQLDatabase`s. Every query leases one connection for its duration; a transaction keeps that one
/// connection from `BEGIN` to `COMMIT`, which a pooled `SQLDatabase` alone could not guarantee.
final class StoreDatabase: Sendable {
    let dialect: SQLDialectKind
    private let pool: Pool
    private let logger: Logger
    private let isShutDown = NIOLockedValueBox(false)
    /// Present for SQLite only: serializes this process's write transactions on the file.
    private let writeGate: SQLiteWriteGate?
    /// PostgreSQL: the months (`PredictionsLogPartitions.Month.index`) whose partition of the
    /// predictions log this process has seen exist, so a write asks the catalog once per month.
    let knownLogPartitions = NIOLockedValueBox<Set<Int>>([])

    /// The pools are internally locked and safe to use from any task; AsyncKit predates `Sendable`.
    private enum Pool: @unchecked Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteStoreConnectionSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    private init(dialect: SQLDialectKind, pool: Pool, logger: Logger, writeGate: SQLiteWriteGate?) {
        self.dialect = dialect
        self.pool = pool
        self.logger = logger
        self.writeGate = writeGate
    }

    static func sqlite(path: String, options: ChurnStore.Options, logger: Logger) throws -> StoreDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotCreateDirectory(path: directory, reason: "\(error)")
            }
        }
        let source = SQLiteStoreConnectionSource(
            path: path, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds, autoCheckpoint: !options.checkpointsInBackground)
        let pool = EventLoopGroupConnectionPool(
            source: source,
            maxConnectionsPerEventLoop: options.sqliteConnectionsPerEventLoop,
            requestTimeout: .seconds(Int64(options.connectionRequestTimeoutSeconds)),
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton
        )
        return StoreDatabase(dialect: .sqlite, pool: .sqlite(pool), logger: logger, writeGate: SQLiteWriteGate.gate(forFile: path))
    }

    static func postgres(url: String, options: ChurnStore.Options, logger: Logger) throws -> StoreDatabase {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StoreError.invalidDatabaseURL(Self.redacted(url))
        }
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: options.postgresConnectionsPerEventLoop,
            requestTimeout: .seconds(Int64(options.connectionRequestTimeoutSeconds)),
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton
        )
        return StoreDatabase(dialect: .postgres, pool: .postgres(pool), logger: logger, writeGate: nil)
    }

    /// Runs `body` on one leased connection.
    func withConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch pool {
        case .sqlite(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql(queryLogLevel: nil))
        case .postgres(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql(queryLogLevel: nil))
        }
    }

    /// Runs `body` inside one write transaction on one connection: committed if it returns, rolled back
    /// if it throws.
    func withTransaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await gated { try await transaction(body) }
    }

    private func transaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let begin = dialect.beginWriteTransaction
        return try await withConnection { db in
            try await db.raw(SQLQueryString(begin)).run()
            let result: R
            do {
                result = try await body(db)
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
            try await db.raw("COMMIT").run()
            return result
        }
    }

    /// ``withTransaction(_:)`` on a SQLite store, handing `body` SQLiteNIO's connection itself, so
    /// that a bulk writer binds `SQLiteData` directly: sql-kit serializes every bind into an
    /// `Encodable` and sqlite-kit casts it back dynamically, a fifth of ingest's CPU on SQLite.
    /// Must not be called on PostgreSQL.
    func withSQLiteTransaction<R: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> R) async throws -> R {
        guard case .sqlite(let pool) = pool else { preconditionFailure("withSQLiteTransaction on a PostgreSQL store") }
        let logger = self.logger
        let begin = dialect.beginWriteTransaction
        return try await gated {
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            _ = try await connection.query(begin, [])
            let result: R
            do {
                result = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", [])
                throw error
            }
            _ = try await connection.query("COMMIT", [])
            return result
        }
    }

    /// Runs `body` on one leased PostgreSQL connection itself, so that a bulk reader decodes
    /// postgres-nio's cells directly: sql-kit's rows decode every cell through `Codable` and
    /// look each column up by name, most of `features --from-store`'s CPU on PostgreSQL. Must not
    /// be called on SQLite.
    func withPostgresConnection<R: Sendable>(_ body: @Sendable (PostgresConnection, Logger) async throws -> R) async throws -> R {
        guard case .postgres(let pool) = pool else { preconditionFailure("withPostgresConnection on a SQLite store") }
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await body(connection, logger)
    }

    /// Runs `body`, a single write statement that is atomic by itself, on one connection, in turn
    /// with the process's other SQLite writers.
    func withWriteStatement<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await gated { try await withConnection(body) }
    }

    /// Runs `body` holding this process's SQLite write gate (PostgreSQL needs none).
    private func gated<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        guard let writeGate else { return try await body() }
        await writeGate.acquire()
        do {
            let result = try await body()
            await writeGate.release()
            return result
        } catch {
            await writeGate.release()
            throw error
        }
    }

    /// Passes without the write gate copy the log into the file while this process's writers go
    /// on: the first the bulk, each further one what was committed during the one before, until that
    /// is little. Under steady writes such passes alone never catch up, and the log would grow
    /// without bound; so one last pass holding the gate copies the rest, and the next commit finds
    /// the log fully copied and starts it afresh. Commits wait only for that pass (a few
    /// milliseconds, mostly its fsyncs). The log's file keeps its size and is written over: cutting
    /// it back (`journal_size_limit`) made the restarting commit wait 30 ms.
    func checkpointWAL() async throws -> (walFrames: Int, checkpointedFrames: Int) {
        guard dialect == .sqlite else { return (0, 0) }
        var copied = try await passiveCheckpoint()
        for _ in 0..<4 {
            let next = try await passiveCheckpoint()
            defer { copied = next }
            if next.walFrames - copied.walFrames < 64 { break }
        }
        return try await gated { try await passiveCheckpoint() }
    }

    private func passiveCheckpoint() async throws -> (walFrames: Int, checkpointedFrames: Int) {
        try await withConnection { db in
            // One row: busy, log (frames in the WAL), checkpointed (frames now in the file).
            guard let row = try await db.raw("PRAGMA wal_checkpoint(PASSIVE)").first() else { return (0, 0) }
            return (try row.decode(column: "log", as: Int.self), try row.decode(column: "checkpointed", as: Int.self))
        }
    }

    /// Closes every pooled connection. Safe to call more than once.
    func shutdown() async throws {
        let alreadyShutDown = isShutDown.withLockedValue { value in
            defer { value = true }
            return value
        }
        guard !alreadyShutDown else { return }
        switch pool {
        case .sqlite(let pool): try await pool.shutdownAsync()
        case .postgres(let pool): try await pool.shutdownAsync()
        }
    }

    /// The URL without its password, for error messages and logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "<unparseable URL>"
    }
}
