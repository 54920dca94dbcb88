import Foundation
import SQLKit

/// The predictions log's purge on PostgreSQL, where the log is partitioned by month (migration 14):
/// a month that ended before the cutoff goes whole — detached and dropped, no row-by-row delete, no
/// dead tuples for autovacuum — when none of its rows is kept (a campaign candidacy rests on it, or
/// a batch row of a day on or after the cutoff). Otherwise, and in every later month and the default
/// partition, the rows go in chunks as on SQLite. The batch keys (`predictions_batch_keys`) of purged
/// rows go with them, by the same condition.
extension RetentionPurge {
    func purgePartitionedLog(
        day: String, before: Date, candidatesFrom: String?, dryRun: Bool, chunk: Int, progress: @Sendable (TableCount) -> Void
    ) async throws -> TableCount {
        let partitions = PredictionsLogPartitions(database: database)
        let listed = try await partitions.list()
        var result = TableCount(table: "predictions_log", rows: 0)
        var rest: [(table: String, startsBeforeCutoff: Bool)] = []
        for month in listed.months {
            if month.next.start <= before, let rows = try await dropWhole(month, day: day, before: before, candidatesFrom: candidatesFrom, dryRun: dryRun) {
                result.rows += rows
                result.droppedMonths.append(String(format: "%04d-%02d", month.year, month.month))
                if !dryRun {
                    partitions.forget(month)
                    progress(result)
                }
            } else {
                rest.append((month.partitionName, month.start < before))
            }
        }
        if listed.hasDefault { rest.append(("predictions_log_default", true)) }
        for (table, startsBeforeCutoff) in rest {
            // Online rows of a month that starts after the cutoff are all recent: only batch rows
            // (by `as_of`, an index range) can be old there.
            let condition = Self.logCondition(day: day, before: startsBeforeCutoff ? before : nil, candidatesFrom: candidatesFrom)
            if dryRun {
                result.rows += try await database.withConnection { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) AS predictions_log WHERE \(condition)")
                        .first()?.decode(column: "n", as: Int.self) ?? 0
                }
            } else {
                let sofar = result.rows
                let deleted = try await deleteChunked(from: table, condition, chunk: chunk) { deleted in
                    progress(TableCount(table: "predictions_log", rows: sofar + deleted))
                }
                result.rows += deleted
            }
        }
        if !dryRun {
            _ = try await delete(PredictionsLog.batchKeysTable, """
                as_of < \(bind: day) AND NOT EXISTS (SELECT 1 FROM campaign_candidates c
                    WHERE c.customer_id = predictions_batch_keys.customer_id AND c.as_of = predictions_batch_keys.as_of\(Self.kept(candidatesFrom)))
                """, chunk: chunk, progress: { _ in })
        }
        return result
    }

    /// The log's purge condition over an alias `predictions_log`; without `before`, batch rows only.
    /// With `candidatesFrom`, only candidacies from that day on protect a prediction: older ones go
    /// in the same purge (before the log; this keeps a dry run's count exact too).
    static func logCondition(day: String, before: Date?, candidatesFrom: String?) -> SQLQueryString {
        let age: SQLQueryString = if let before {
            "(as_of < \(bind: day) OR (as_of IS NULL AND prediction_timestamp < \(bind: before)))"
        } else {
            "as_of < \(bind: day)"
        }
        return """
            \(age) AND NOT EXISTS (SELECT 1 FROM campaign_candidates c
                WHERE c.customer_id = predictions_log.customer_id AND c.as_of = predictions_log.as_of\(kept(candidatesFrom)))
            """
    }

    /// The extra condition on a protecting candidacy `c`: that it is not purged itself.
    static func kept(_ candidatesFrom: String?) -> SQLQueryString {
        guard let candidatesFrom else { return "" }
        return " AND c.as_of >= \(bind: candidatesFrom)"
    }

    /// Drops `month`'s partition if every row in it is purged, returning its row count; nil when a
    /// row is kept. Writers of that month wait on the partition's lock from the check to the drop,
    /// so no kept row slips in between.
    private func dropWhole(
        _ month: PredictionsLogPartitions.Month, day: String, before: Date, candidatesFrom: String?, dryRun: Bool
    ) async throws -> Int? {
        let table = month.partitionName
        let condition = Self.logCondition(day: day, before: before, candidatesFrom: candidatesFrom)
        let body: @Sendable (any SQLDatabase) async throws -> Int? = { db in
            if !dryRun {
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: PredictionsLogPartitions.lockKey))").run()
                try await db.raw("SET LOCAL lock_timeout = '10s'").run()
                try await db.raw("LOCK TABLE \(unsafeRaw: table) IN EXCLUSIVE MODE").run()
            }
            let kept = try await db.raw("""
                SELECT 1 AS kept FROM \(unsafeRaw: table) AS predictions_log WHERE NOT COALESCE((\(condition)), FALSE) LIMIT 1
                """).first()
            guard kept == nil else { return nil }
            let rows = try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
            if !dryRun {
                try await db.raw("ALTER TABLE predictions_log DETACH PARTITION \(unsafeRaw: table)").run()
                try await db.raw("DROP TABLE \(unsafeRaw: table)").run()
            }
            return rows
        }
        if dryRun { return try await database.withConnection(body) }
        do {
            return try await database.withTransaction(body)
        } catch {
            // Lock timeout, or a deadlock with a writer of that old month (it holds the log, waits
            // for the month; we hold the month, wait for the log): the month's rows go one chunk
            // at a time instead.
            return nil
        }
    }

    /// As ``delete(_:_:chunk:progress:)``, on one partition seen as `predictions_log` (its `ctid`s
    /// are unique within it, not across the log).
    private func deleteChunked(from table: String, _ condition: SQLQueryString, chunk: Int, progress: (Int) -> Void) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await database.withWriteStatement { db in
                try await db.raw("""
                    DELETE FROM \(unsafeRaw: table) WHERE ctid IN
                    (SELECT ctid FROM \(unsafeRaw: table) AS predictions_log WHERE \(condition) LIMIT \(unsafeRaw: String(chunk)))
                    RETURNING 1 AS deleted
                    """).all().count
            }
            total += deleted
            if deleted > 0 { progress(total) }
            if deleted < chunk { return total }
        }
    }
}
