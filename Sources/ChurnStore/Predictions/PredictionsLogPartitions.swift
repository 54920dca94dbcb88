import Foundation
import SQLKit

/// The monthly partitions of the predictions log on PostgreSQL (migration 14): their names, and
/// making sure the months about to be written have one. A row whose month has no partition still
/// lands, in `predictions_log_default`, but a month cannot be added once the default holds rows of
/// it, so months are created ahead: at store open (this month and the next two) and before each
/// write for the months its rows fall in.
struct PredictionsLogPartitions: Sendable {
    let database: StoreDatabase

    /// Arbitrary but fixed, distinct from the migrator's: every process creating or dropping a month
    /// takes it, so two never race on the same DDL ("ChurnPrt").
    static let lockKey = 0x4368_7572_6E50_7274

    /// A UTC calendar month. Partition names and bounds are built from its two integers only.
    struct Month: Sendable, Hashable, Comparable {
        let year: Int
        let month: Int

        init?(year: Int, month: Int) {
            guard (1...9_998).contains(year), (1...12).contains(month) else { return nil }
            self.year = year
            self.month = month
        }

        init(containing date: Date) {
            let parts = Self.calendar.dateComponents([.year, .month], from: date)
            self.year = min(max(parts.year ?? 1970, 1), 9_998)
            self.month = parts.month ?? 1
        }

        /// Months since year 0, for ordering and stepping.
        var index: Int { year * 12 + month - 1 }
        init(index: Int) {
            self.year = index / 12
            self.month = index % 12 + 1
        }

        var next: Month { Month(index: index + 1) }
        static func < (a: Month, b: Month) -> Bool { a.index < b.index }

        /// `predictions_log_p202612`.
        var partitionName: String { String(format: "predictions_log_p%04d%02d", year, month) }
        /// Parses a partition name back; nil for the default partition or anything else.
        init?(partitionName name: String) {
            let prefix = "predictions_log_p"
            guard name.hasPrefix(prefix), name.count == prefix.count + 6,
                  let value = Int(name.dropFirst(prefix.count)), value >= 0 else { return nil }
            self.init(year: value / 100, month: value % 100)
        }

        var start: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))! }
        /// The range bound literal, in UTC whatever the session's time zone.
        var boundLiteral: String { String(format: "'%04d-%02d-01 00:00:00+00'", year, month) }

        static let calendar: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar
        }()
    }

    /// The months from `first` through `last` (both included; at most 1,200 of them).
    static func months(from first: Date, through last: Date) -> [Month] {
        let low = Month(containing: min(first, last)).index
        let high = min(Month(containing: max(first, last)).index, low + 1_199)
        return (low...high).map(Month.init(index:))
    }

    /// Makes sure every month `records` fall in has its partition. Cheap when they do (the common
    /// case: a process-local set, then one catalog query per new month).
    func ensure(for records: some Collection<PredictionRecord>) async throws {
        guard database.dialect == .postgres, var first = records.first?.predictionTimestamp else { return }
        var last = first
        for record in records {
            first = min(first, record.predictionTimestamp)
            last = max(last, record.predictionTimestamp)
        }
        try await ensure(Self.months(from: first, through: last))
    }

    func ensure(_ months: [Month]) async throws {
        guard database.dialect == .postgres else { return }
        let known = database.knownLogPartitions.withLockedValue { $0 }
        let missing = months.filter { !known.contains($0.index) }
        guard !missing.isEmpty else { return }
        let present = try await database.withConnection { db in
            try await db.raw("""
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'predictions_log'::regclass
                """).all().compactMap { Month(partitionName: try $0.decode(column: "name", as: String.self)) }
        }
        database.knownLogPartitions.withLockedValue { $0.formUnion(present.map(\.index)) }
        for month in missing where !present.contains(month) {
            try await create(month)
            database.knownLogPartitions.withLockedValue { _ = $0.insert(month.index) }
        }
    }

    /// `CREATE TABLE IF NOT EXISTS … PARTITION OF` under the advisory lock, so processes starting
    /// together create each month once. When the default partition already holds rows of that month
    /// PostgreSQL refuses; the rows then keep going to the default (correct, only not droppable
    /// whole), and the refusal is not retried by this process.
    private func create(_ month: Month) async throws {
        let statement = """
            CREATE TABLE IF NOT EXISTS \(month.partitionName) PARTITION OF predictions_log \
            FOR VALUES FROM (\(month.boundLiteral)) TO (\(month.next.boundLiteral))
            """
        do {
            try await database.withTransaction { db in
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey))").run()
                // A long reader of the log would otherwise queue every writer behind this DDL.
                try await db.raw("SET LOCAL lock_timeout = '10s'").run()
                try await db.raw(SQLQueryString(statement)).run()
            }
        } catch {
            guard String(reflecting: error).contains("default partition") else { throw error }
        }
    }

    /// The log's partitions: each month's, in order, and whether a default partition exists.
    func list() async throws -> (months: [Month], hasDefault: Bool) {
        let names = try await database.withConnection { db in
            try await db.raw("""
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'predictions_log'::regclass
                """).all().map { try $0.decode(column: "name", as: String.self) }
        }
        return (names.compactMap(Month.init(partitionName:)).sorted(), names.contains("predictions_log_default"))
    }

    /// Forgets a month this process had seen (it was dropped), so a later write re-creates it.
    func forget(_ month: Month) {
        database.knownLogPartitions.withLockedValue { _ = $0.remove(month.index) }
    }
}
