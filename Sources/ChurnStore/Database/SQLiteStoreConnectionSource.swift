import Logging
import NIOCore
import SQLiteKit

/// Opens SQLite connections configured for a store file shared by several connections and processes:
/// a busy timeout (writers wait for each other instead of failing), write-ahead logging (readers never
/// block the writer) and `synchronous=NORMAL` (the WAL default: a commit survives a process crash; only a
/// power loss can drop the last commits, never corrupt the file).
struct SQLiteStoreConnectionSource: ConnectionPoolSource, Sendable {
    let base: SQLiteConnectionSource
    let busyTimeoutMilliseconds: Int
    /// False: commits leave checkpoints to ``StoreDatabase/checkpointWAL()``.
    let autoCheckpoint: Bool

    init(path: String, busyTimeoutMilliseconds: Int, autoCheckpoint: Bool = true) {
        self.base = SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: true))
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.autoCheckpoint = autoCheckpoint
    }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        let pragmas = [
            "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            // 32 MiB of page cache instead of 2: a batch page of predictions (about 6 MB with its
            // indexes) then fits, where the default cache spilled dirty pages to the WAL mid-transaction
            // and read index pages back (a sixth of the writer's time in a profile).
            "PRAGMA cache_size = -32768",
        ] + (autoCheckpoint ? [] : ["PRAGMA wal_autocheckpoint = 0"])
        return base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            var configured = eventLoop.makeSucceededVoidFuture()
            for pragma in pragmas {
                configured = configured.flatMap { connection.query(pragma).map { _ in } }
            }
            return configured
                .map { connection }
                .flatMapError { error in connection.close().flatMapThrowing { _ -> SQLiteConnection in throw error } }
        }
    }
}
