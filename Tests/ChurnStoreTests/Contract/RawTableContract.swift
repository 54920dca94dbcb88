import Foundation
import Testing
@testable import ChurnStore

/// Raw activity tables: loading twice adds nothing, keys are required, outcomes read back.
@Suite("Store contract: raw tables") struct RawTableContract {
    static let churn = RawTableSpec.all.first { $0.table == "raw_churn_events" }!
    static let engagement = RawTableSpec.all.first { $0.table == "raw_engagement_daily" }!

    @Test(arguments: TestBackend.allCases)
    func loadsOnceAndReadsOutcomes(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let raw = store.rawTables
            #expect(try await raw.lastActivityDay() == nil)
            let days: [[String?]] = (0..<3_000).map { ["c\($0 % 100)", "2025-0\(1 + $0 / 1_000)-\(String(format: "%02d", 1 + $0 % 28))", "1", nil, "3", "0"] }
            let unique = Set(days.map { "\($0[0]!) \($0[1]!)" }).count
            #expect(try await raw.insert(days, into: Self.engagement) == unique)
            #expect(try await raw.insert(days, into: Self.engagement) == 0)
            #expect(try await raw.count(Self.engagement) == unique)
            try await raw.insert([["c1", "2025-03-02T10:00:00Z", "price"], ["c1", "2025-03-05T10:00:00Z", "other"],
                                  ["c2", "2025-04-01T00:00:00Z", nil]], into: Self.churn)
            #expect(try await raw.churnDays() == ["c1": "2025-03-02", "c2": "2025-04-01"])
            #expect(try await raw.lastActivityDay() == "2025-04-01")
            await #expect(throws: StoreError.invalidValue(field: "raw_churn_events[1].customer_id", reason: "a key column must not be empty")) {
                try await raw.insert([["c3", "2025-03-02T10:00:00Z", nil], [nil, "2025-03-02T10:00:00Z", nil]], into: Self.churn)
            }
            #expect(try await raw.count(Self.churn) == 3)
        }
    }

    /// A chunk's cells come back as they went in, on PostgreSQL's array path and SQLite's VALUES
    /// path alike: empty cells as NULL, quotes, commas, braces, backslashes and non-ASCII as text;
    /// duplicate keys inside one chunk count once.
    @Test(arguments: TestBackend.allCases)
    func cellsReadBackAsLoaded(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let tickets = RawTableSpec.all.first { $0.table == "raw_support_tickets" }!
            let odd = #"Zoë said "no", {twice} \ NULL"#
            let rows: [[String?]] = (0..<5_000).map { ["t\($0)", "c\($0 % 7)", "2025-01-01", $0 % 2 == 0 ? nil : "2025-01-02", "billing", $0 == 42 ? odd : nil] }
                + [["t1", "c9", "2025-02-02", nil, "dup", nil]]
            #expect(try await store.rawTables.insert(rows, into: tickets) == 5_000)
            #expect(try await store.rawTables.insert(rows, into: tickets) == 0)
            let read = try await store.database.withConnection { db in
                try await db.raw("""
                    SELECT ticket_id, customer_id, resolved_at, sentiment FROM raw_support_tickets
                    WHERE ticket_id IN ('t1', 't42', 't43') ORDER BY ticket_id
                    """).all().map { row in
                        [try row.decode(column: "ticket_id", as: String.self), try row.decode(column: "customer_id", as: String.self),
                         try row.decode(column: "resolved_at", as: String?.self), try row.decode(column: "sentiment", as: String?.self)]
                    }
            }
            #expect(read == [["t1", "c1", "2025-01-02", nil], ["t42", "c0", nil, odd], ["t43", "c1", "2025-01-02", nil]])
        }
    }

    /// Ingest's column-by-column batch goes the same way as rows: keys checked first (the first bad
    /// row named, whichever key column it is in), conflicts skipped, the count of new rows returned.
    @Test(arguments: TestBackend.allCases)
    func columnBatchesInsertLikeRows(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            var batch = RawTableColumns(columnCount: Self.engagement.columns.count)
            for index in 0..<500 {
                let row: [String?] = ["c\(index % 50)", "2025-01-\(String(format: "%02d", 1 + index / 50))", "1", nil, "\(index)", "0"]
                batch.appendRow { row[$0] }
            }
            #expect(try await store.rawTables.insert(batch, into: Self.engagement) == 500)
            #expect(try await store.rawTables.insert(batch, into: Self.engagement) == 0)
            var bad = RawTableColumns(columnCount: Self.engagement.columns.count)
            let long = String(repeating: "x", count: 129)
            for row in [["c1", "2025-02-01"], ["c2", long], [nil, "2025-02-01"]] as [[String?]] {
                bad.appendRow { $0 < 2 ? row[$0] : nil }
            }
            await #expect(throws: StoreError.invalidValue(field: "raw_engagement_daily[1].date", reason: "'\(long.prefix(40))…' is longer than 128 bytes")) {
                try await store.rawTables.insert(bad, into: Self.engagement)
            }
            #expect(try await store.rawTables.count(Self.engagement) == 500)
        }
    }
}
