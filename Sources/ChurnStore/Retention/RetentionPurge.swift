import Foundation
import SQLKit

/// Deletes personal data older than the retention cutoffs, table by table, in chunks of `chunk`
/// rows, each chunk its own short statement, so the server keeps writing while a large purge runs.
///
/// Kept whatever their age: predictions a campaign candidacy rests on (same customer and day: the
/// campaign's evidence, its outcomes and its deliveries refer to it) until the candidacy itself
/// goes, pending or leased outbox messages, the customers table and churn events (every label and
/// outcome is computed from them). Candidacies go with their outcomes (which refer to them), and
/// before the predictions, so one run frees the predictions of the candidacies it purges. The
/// campaigns themselves stay: their funnels and summaries hold counts, no ids.
/// The purge is recorded in the audit log with the counts, never with a customer id.
public struct RetentionPurge: Sendable {
    let database: StoreDatabase

    /// One table's share of a purge: rows that would go (`dryRun`) or went.
    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var rows: Int
        /// PostgreSQL's predictions log: the months (`YYYY-MM`) whose partition went (or would go)
        /// whole; their rows are counted in `rows` too.
        public var droppedMonths: [String] = []
    }

    /// Raw activity tables and the column that dates a row (all stored as ISO text).
    static let rawActivity: [(table: String, column: String)] = [
        ("raw_engagement_daily", "date"), ("raw_transactions", "occurred_at"),
        ("raw_support_tickets", "opened_at"), ("raw_subscription_changes", "changed_at"),
    ]

    public func purge(
        _ cutoffs: RetentionCutoffs, dryRun: Bool, actor: String, chunk: Int = 10_000,
        progress: @Sendable (TableCount) -> Void = { _ in }
    ) async throws -> [TableCount] {
        try StoreValidation.identifier(actor, field: "actor", maxLength: 256)
        for day in [cutoffs.predictionsBefore, cutoffs.rawActivityBefore, cutoffs.candidatesBefore, cutoffs.onlineFeaturesBefore].compactMap({ $0 }) {
            try StoreValidation.day(day, field: "cutoff")
        }
        var counts: [TableCount] = []
        func run(_ table: String, _ condition: SQLQueryString) async throws {
            let rows = dryRun ? try await count(table, condition) : try await delete(table, condition, chunk: chunk, progress: progress)
            if let index = counts.firstIndex(where: { $0.table == table }) {
                counts[index].rows += rows
            } else {
                counts.append(TableCount(table: table, rows: rows))
            }
        }
        if let before = cutoffs.outcomesBefore {
            try await run("retention_outcomes", "observed_at < \(bind: before)")
        }
        if let day = cutoffs.candidatesBefore {
            // A dry run counts the outcomes resting on these candidacies that the line above did not already.
            let outcomesOfOld: SQLQueryString = """
                campaign_id IN (SELECT campaign_id FROM campaigns WHERE as_of < \(bind: day))
                """
            if let before = cutoffs.outcomesBefore, dryRun {
                try await run("retention_outcomes", "\(outcomesOfOld) AND observed_at >= \(bind: before)")
            } else {
                try await run("retention_outcomes", outcomesOfOld)
            }
            try await run("campaign_candidates", "as_of < \(bind: day)")
        }
        if let day = cutoffs.predictionsBefore {
            // Online predictions carry no day: their timestamp's day decides.
            let before = Self.startOfDay(day)
            if database.dialect == .postgres {
                counts.append(try await purgePartitionedLog(
                    day: day, before: before, candidatesFrom: cutoffs.candidatesBefore, dryRun: dryRun, chunk: chunk, progress: progress))
            } else {
                try await run("predictions_log", Self.logCondition(day: day, before: before, candidatesFrom: cutoffs.candidatesBefore))
            }
        }
        if let day = cutoffs.rawActivityBefore {
            for (table, column) in Self.rawActivity {
                try await run(table, "\(unsafeRaw: column) < \(bind: day)")
            }
        }
        if let day = cutoffs.onlineFeaturesBefore {
            try await run("online_features", "as_of < \(bind: day)")
        }
        var outbox: [(String, Date)] = []
        if let before = cutoffs.deliveredMessagesBefore { outbox.append((OutboxState.delivered.rawValue, before)) }
        if let before = cutoffs.deadLettersBefore { outbox.append((OutboxState.dead.rawValue, before)) }
        var outboxRows = 0
        for (state, before) in outbox {
            let table = "outbox_messages"
            let condition: SQLQueryString = "state = \(bind: state) AND created_at < \(bind: before)"
            outboxRows += dryRun ? try await count(table, condition) : try await delete(table, condition, chunk: chunk, progress: progress)
        }
        if !outbox.isEmpty { counts.append(TableCount(table: "outbox_messages", rows: outboxRows)) }
        if !dryRun {
            var details = Dictionary(uniqueKeysWithValues: counts.map { ($0.table, String($0.rows) as String?) })
            details["predictions_before"] = cutoffs.predictionsBefore
            details["raw_activity_before"] = cutoffs.rawActivityBefore
            details["candidates_before"] = cutoffs.candidatesBefore
            details["outcomes_before"] = cutoffs.outcomesBefore.map { ISO8601DateFormatter().string(from: $0) }
            details["online_features_before"] = cutoffs.onlineFeaturesBefore
            let dropped = counts.flatMap(\.droppedMonths)
            if !dropped.isEmpty { details["predictions_months_dropped"] = dropped.joined(separator: ",") }
            try await AuditLog(database: database).append(
                AuditEntry(actor: actor, action: "retention.purge", target: "store", detailsJSON: try AuditLog.detailsJSON(details)))
        }
        return counts
    }

    func count(_ table: String, _ condition: SQLQueryString) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(condition)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Chunked: SQLite's `rowid` and PostgreSQL's `ctid` name a row without knowing the table's key.
    func delete(_ table: String, _ condition: SQLQueryString, chunk: Int, progress: @Sendable (TableCount) -> Void) async throws -> Int {
        let rowID = database.dialect == .sqlite ? "rowid" : "ctid"
        var total = 0
        while true {
            let deleted = try await database.withWriteStatement { db in
                try await db.raw("""
                    DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: rowID) IN
                    (SELECT \(unsafeRaw: rowID) FROM \(unsafeRaw: table) WHERE \(condition) LIMIT \(unsafeRaw: String(chunk)))
                    RETURNING 1 AS deleted
                    """).all().count
            }
            total += deleted
            if deleted > 0 { progress(TableCount(table: table, rows: total)) }
            if deleted < chunk { return total }
        }
    }

    static func startOfDay(_ day: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: day) ?? .distantPast
    }
}
