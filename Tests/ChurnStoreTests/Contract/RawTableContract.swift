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
}
