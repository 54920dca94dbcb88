import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct CustomerTablesTests {
    @Test func loadingShuffledTablesGivesBackEveryHistory() throws {
        var rng = SplitMix64(seed: 11)
        let histories = (0..<60).map { HistoryFixtures.randomHistory(id: "cust-\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, shuffleWith: &rng)
        let tables = try CustomerTables.load(directory: directory)
        #expect(tables.customerCount == histories.count)
        for (index, history) in histories.enumerated() {
            #expect(tables.history(at: index) == history, "customer \(index)")
        }
        #expect(tables.reports.allSatisfy { $0.skippedRows == 0 && $0.examples.isEmpty })
        #expect(tables.dataEnd == HistoryFixtures.end)
        #expect(tables.countries == Array(Set(histories.compactMap(\.country))).sorted())
    }

    @Test func withoutAManifestTheDataEndsTheDayAfterTheLatestEvent() throws {
        var rng = SplitMix64(seed: 12)
        let histories = (0..<5).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, manifestEnd: nil, shuffleWith: &rng)
        let tables = try CustomerTables.load(directory: directory)
        var latest = histories.map(\.signupDay).max()!
        for history in histories {
            latest = max(latest, history.payments.map(\.day).max() ?? latest, history.engagement.map(\.day).max() ?? latest,
                         history.churnDay ?? latest, history.subscriptionChanges.map(\.day).max() ?? latest)
            for ticket in history.tickets {
                latest = max(latest, ticket.openedDay)
                if let resolved = ticket.resolvedAt { latest = max(latest, CalendarDay(daysSinceEpoch: Int(RawTimestamp.day(ofSeconds: resolved)))) }
            }
        }
        #expect(tables.dataEnd == latest.adding(days: 1))
    }

    @Test func badRowsAreSkippedAndReportedWithFileLineAndColumn() throws {
        var rng = SplitMix64(seed: 13)
        let histories = (0..<3).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, shuffleWith: &rng, shuffle: false)
        let path = directory + "/engagement_daily.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "c0,2024-02-30,1,1,1,0\nnobody,2024-03-01,1,1,1,0\nc1,2024-03-01,,1,1,0\nc1,2024-03-02,1,\"x,1,1,0\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let tables = try CustomerTables.load(directory: directory)
        let report = try #require(tables.reports.first { $0.file == "engagement_daily.csv" })
        let dataLines = histories.map(\.engagement.count).reduce(0, +)
        #expect(report.rows == dataLines + 4)
        #expect(report.skippedRows == 4)
        #expect(report.malformedRecords == 1)
        #expect(report.columns.first { $0.name == "date" }?.invalid == 1)
        #expect(report.columns.first { $0.name == "customer_id" }?.invalid == 1)
        #expect(report.columns.first { $0.name == "logins" }?.missing == 1)
        #expect(report.examples.first?.description == "engagement_daily.csv line \(dataLines + 2), column date: '2024-02-30' is not a date; expected YYYY-MM-DD")
        #expect(report.examples[1].description.contains("line \(dataLines + 3), column customer_id: 'nobody' is not a customer_id of customers.csv"))
        // The loaded rows are exactly the good ones.
        for (index, history) in histories.enumerated() { #expect(tables.history(at: index) == history) }
    }

    @Test func aMissingRequiredColumnNamesFileAndColumn() throws {
        var rng = SplitMix64(seed: 14)
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write([HistoryFixtures.randomHistory(id: "c", using: &rng)], to: directory, shuffleWith: &rng)
        try "customer_id,occurred_at,status\n".write(toFile: directory + "/transactions.csv", atomically: true, encoding: .utf8)
        #expect(throws: RawTableError.missingColumn(file: "transactions.csv", column: "amount", header: ["customer_id", "occurred_at", "status"])) {
            try CustomerTables.load(directory: directory)
        }
    }
}
