import ChurnData
import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// `features --from-store` against `features --data`: the raw tables `ingest` stored give the rows
/// the files give, and events at or after as_of never reach a feature, on SQLite and PostgreSQL.
@Suite struct StoreFeatureBuildTests {
    static let dates = [CalendarDay(year: 2025, month: 3, day: 1), CalendarDay(year: 2025, month: 5, day: 1), CalendarDay(year: 2025, month: 7, day: 1)]

    @Test(arguments: FeatureStoreBackend.allCases)
    func theStoreBuildsTheRowsTheFilesBuild(backend: FeatureStoreBackend) async throws {
        let directory = try RawTableFixtures.generate(customers: 160, months: 8, seed: 5)
        try await backend.withStore { store in
            try await RawTableFixtures.ingest(directory, into: store)
            // The store keeps no manifest: its days are the files' days read without one.
            let files = try CustomerTables.load(directory: directory)
            let dataEnd = try #require(files.dataEnd)
            let builder = FeatureBuilder(asOfDates: Self.dates, labeler: ChurnLabeler(horizonDays: 60, dataEnd: dataEnd))
            let (stored, stream) = try await RawTableFixtures.storeRows(store, builder, chunk: 37)
            let read = try RawTableFixtures.fileRows(directory, builder, chunk: 37)
            #expect(stored.count == read.count)
            #expect(stored.count > 200)
            // Same rows, in customer_id order from the store and customers.csv order from files.
            let order = { (a: FeatureRow, b: FeatureRow) in (a.customerID, a.asOf!) < (b.customerID, b.asOf!) }
            #expect(stored.sorted(by: order) == read.sorted(by: order))
            #expect(stored.map(\.customerID) == stored.map(\.customerID).sorted())
            #expect(stream.customerCount == files.customerCount)
            #expect(stream.countries == files.countries)
            #expect(stream.reports.map(\.rows) == files.reports.map(\.rows))
            #expect(stream.reports.allSatisfy { $0.skippedRows == 0 })
            let noManifest = try RawTableFixtures.copy(directory)
            try FileManager.default.removeItem(atPath: noManifest + "/manifest.json")
            let withoutManifest = try CustomerTables.load(directory: noManifest)
            #expect(stream.dataStart == withoutManifest.dataStart)
            #expect(stream.dataEnd == withoutManifest.dataEnd)
            let guess = try await store.rawTableReader.dayRange()
            #expect(guess.first == stream.dataStart?.description)
            #expect(guess.last == stream.dataEnd?.adding(days: -1).description)
        }
    }

    /// The leakage property on the store path: rows at or after as_of deleted, changed and added in
    /// the stored tables leave every feature at as_of unchanged to the bit; the same edit one day
    /// earlier shows. The files path is checked on the same edited files.
    @Test(arguments: FeatureStoreBackend.allCases)
    func eventsAtOrAfterAsOfInTheStoreNeverChangeTheFeatures(backend: FeatureStoreBackend) async throws {
        let asOf = CalendarDay(year: 2025, month: 5, day: 1)
        let original = try RawTableFixtures.generate(customers: 120, months: 8, seed: 9)
        let future = try RawTableFixtures.copy(original)
        #expect(try RawTableFixtures.rewriteFrom(asOf, in: future, seed: 1) > 1000)
        let earlier = try RawTableFixtures.copy(original)
        try RawTableFixtures.rewriteFrom(asOf.adding(days: -1), in: earlier, seed: 1)
        let builder = FeatureBuilder(asOfDates: [asOf], labeler: ChurnLabeler(horizonDays: 30, dataEnd: asOf.adding(days: 400)))

        func stored(_ directory: String) async throws -> [String: [String]] {
            var values: [String: [String]] = [:]
            try await backend.withStore { store in
                try await RawTableFixtures.ingest(directory, into: store)
                let (rows, _) = try await RawTableFixtures.storeRows(store, builder, chunk: 25)
                values = Dictionary(uniqueKeysWithValues: rows.map { ($0.customerID, RawTableFixtures.bits($0.values)) })
            }
            return values
        }
        func filed(_ directory: String) throws -> [String: [String]] {
            Dictionary(uniqueKeysWithValues: try RawTableFixtures.fileRows(directory, builder, chunk: 25)
                .map { ($0.customerID, RawTableFixtures.bits($0.values)) })
        }
        let expected = try await stored(original)
        #expect(expected.count > 60)
        #expect(try await stored(future) == expected)
        #expect(try filed(future) == expected)
        let changed = try await stored(earlier)
        #expect(expected.filter { changed[$0.key] != $0.value }.count >= 20)
    }

    /// A bad cell that ingest stored as text is counted like a bad CSV cell, and the issue names the
    /// table and the row's key.
    @Test(arguments: FeatureStoreBackend.allCases)
    func aBadStoredCellIsReportedWithItsTableAndKey(backend: FeatureStoreBackend) async throws {
        let directory = try RawTableFixtures.generate(customers: 30, months: 4, seed: 3)
        try await backend.withStore { store in
            try await RawTableFixtures.ingest(directory, into: store)
            let files = try CustomerTables.load(directory: directory)
            let customer = files.customerID(at: 0)
            let spec = RawTableSpec.all.first { $0.table == "raw_engagement_daily" }!
            try await store.rawTables.insert([[customer, "2030-01-01", "many", "1", "1", "0"]], into: spec)
            let builder = FeatureBuilder(asOfDates: [Self.dates[0]], labeler: ChurnLabeler(horizonDays: 30, dataEnd: files.dataEnd!))
            let (_, stream) = try await RawTableFixtures.storeRows(store, builder, chunk: 7)
            let report = stream.reports[RawTable.engagementDaily.rawValue]
            #expect(report.file == "engagement_daily.csv")
            #expect(report.skippedRows == 1)
            #expect(report.examples.first?.description == "raw_engagement_daily row customer_id=\(customer), date=2030-01-01, column logins: 'many' is not a whole number from 0 to 65535")
            #expect(!DataQualityGate().check(rawReports: stream.reports, statistics: RawTableStatistics()).passed)
        }
    }
}
