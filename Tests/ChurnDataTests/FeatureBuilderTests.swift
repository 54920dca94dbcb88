import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct FeatureBuilderTests {
    let dates = [CalendarDay(year: 2024, month: 9, day: 1), CalendarDay(year: 2024, month: 4, day: 1), CalendarDay(year: 2024, month: 6, day: 1)]

    func tables(seed: UInt64, customers: Int, shuffle: Bool) throws -> ([CustomerHistory], CustomerTables) {
        var rng = SplitMix64(seed: seed)
        let histories = (0..<customers).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, shuffleWith: &rng, shuffle: shuffle)
        return (histories, try CustomerTables.load(directory: directory))
    }

    @Test func rowsComeInCustomerThenDateOrderWhateverTheWorkersAndFileOrder() throws {
        let (histories, shuffled) = try tables(seed: 21, customers: 80, shuffle: true)
        let (_, ordered) = try tables(seed: 21, customers: 80, shuffle: false)
        let labeler = ChurnLabeler(horizonDays: 90, dataEnd: HistoryFixtures.end)
        let serial = try FeatureBuilder(asOfDates: dates, labeler: labeler, workers: 1, blockSize: 1000).rows(tables: ordered)
        let parallel = try FeatureBuilder(asOfDates: dates, labeler: labeler, workers: 2, blockSize: 7).rows(tables: shuffled)
        #expect(serial == parallel)
        var expected: [(String, CalendarDay)] = []
        for history in histories {
            for date in dates.sorted() where history.signupDay < date && (history.churnDay.map { $0 >= date } ?? true) {
                expected.append((history.customerID, date))
            }
        }
        #expect(parallel.map(\.customerID) == expected.map(\.0))
        #expect(parallel.map(\.asOf) == expected.map(\.1))
        for row in parallel {
            let history = histories.first { $0.customerID == row.customerID }!
            #expect(row.values == PointInTimeFeatures.snapshot(history: history, asOf: row.asOf!))
            #expect(.snapshot(label: row.label) == labeler.outcome(for: history, asOf: row.asOf!))
        }
    }

    @Test func summaryCountsEveryCustomerDatePair() throws {
        let (_, tables) = try tables(seed: 22, customers: 40, shuffle: false)
        let builder = FeatureBuilder(asOfDates: dates, labeler: ChurnLabeler(horizonDays: 130, dataEnd: HistoryFixtures.end))
        var rows: [FeatureRow] = []
        let summary = try builder.build(tables: tables) { rows.append($0) }
        #expect(summary.customers == 40)
        #expect(summary.rows == rows.count)
        #expect(summary.rows + summary.notSignedUp + summary.alreadyChurned == 40 * dates.count)
        #expect(summary.unlabeled == rows.filter { $0.asOf == dates[0] }.count)  // 2024-09-01 + 130d runs past 2025-01-01; 2024-06-01 + 130d does not
        #expect(summary.unlabeled > 0)
        #expect(summary.positives == rows.filter { $0.label == true }.count)
    }

    @Test func theWrittenTableReadsBackAgainstItsSchemaAndPassesTheGate() throws {
        let (_, tables) = try tables(seed: 23, customers: 50, shuffle: true)
        let schema = PointInTimeFeatures.schema(countries: tables.countries)
        #expect(schema.names.prefix(5) == ["behavioral_score", "transactional_value_k", "support_ticket_volume_30d", "engagement_score", "contract_days_remaining"])
        #expect(schema.feature(named: "country")?.categories == tables.countries)
        let path = HistoryFixtures.temporaryDirectory() + "/features.csv"
        let writer = try FeatureTableWriter(path: path, schema: schema)
        let builder = FeatureBuilder(asOfDates: dates, labeler: ChurnLabeler(horizonDays: 90, dataEnd: HistoryFixtures.end))
        let rows = try builder.rows(tables: tables)
        for row in rows { try writer.append(row) }
        try writer.finish()
        let table = try FeatureTable.read(from: path)
        #expect(table.rows == rows)
        let reportOnly = Set(PointInTimeFeature.allCases.filter { !$0.enforcesOutlierShare }.map(\.spec.name))
        let fileReport = try DataQualityGate().check(featureTableAt: path, reportOnlyOutliers: reportOnly)
        #expect(fileReport.columns.filter { $0.invalid > 0 }.isEmpty)
        #expect(fileReport.columns.filter { $0.required && $0.completeness < 1 }.map(\.column) == [])
        #expect(fileReport == DataQualityGate().check(table, subject: path, reportOnlyOutliers: reportOnly))
    }
}
