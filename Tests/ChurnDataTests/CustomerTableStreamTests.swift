import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct CustomerTableStreamTests {
    let dates = [CalendarDay(year: 2024, month: 4, day: 1), CalendarDay(year: 2024, month: 7, day: 1), CalendarDay(year: 2024, month: 10, day: 1)]

    func directory(seed: UInt64, customers: Int, manifest: Bool = true) throws -> (String, [CustomerHistory]) {
        var rng = SplitMix64(seed: seed)
        let histories = (0..<customers).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, manifestEnd: manifest ? HistoryFixtures.end : nil, shuffleWith: &rng, shuffle: false)
        return (directory, histories)
    }

    func streamedRows(_ directory: String, chunk: Int, builder: FeatureBuilder) throws -> ([FeatureRow], CustomerTableStream) {
        let stream = try CustomerTableStream(directory: directory, chunkCustomers: chunk, blockBytes: 997)
        var rows: [FeatureRow] = []
        _ = try builder.build(chunks: { try stream.nextChunk() }, sink: { rows.append($0) })
        return (rows, stream)
    }

    @Test(arguments: [1, 7, 64, 10_000])
    func chunksBuildTheRowsOfTheWholeTables(chunk: Int) throws {
        let (directory, _) = try directory(seed: 31, customers: 90, manifest: false)
        // Bad rows at the end of a table are reported the same way by both reads.
        let path = directory + "/transactions.csv"
        try (String(contentsOfFile: path, encoding: .utf8) + "t-x,c3,2024-02-30T00:00:00Z,1.00,paid\nt-y,nobody,2024-03-01T00:00:00Z,1.00,paid\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let whole = try CustomerTables.load(directory: directory)
        let builder = FeatureBuilder(asOfDates: dates, labeler: ChurnLabeler(horizonDays: 90, dataEnd: whole.dataEnd!), workers: 2, blockSize: 5)
        let (rows, stream) = try streamedRows(directory, chunk: chunk, builder: builder)
        #expect(rows == (try builder.rows(tables: whole)))
        #expect(rows.count > 100)
        #expect(stream.reports == whole.reports)
        #expect(stream.reports[2].skippedRows == 2)
        #expect(stream.dataStart == whole.dataStart)
        #expect(stream.dataEnd == whole.dataEnd)
        #expect(stream.countries == whole.countries)
        #expect(!stream.boundsKnownUpFront)
    }

    @Test func theChunksHoldOnlyTheirOwnCustomers() throws {
        let (directory, histories) = try directory(seed: 32, customers: 25)
        let stream = try CustomerTableStream(directory: directory, chunkCustomers: 10, blockBytes: 512)
        var seen: [CustomerHistory] = []
        var sizes: [Int] = []
        while let chunk = try stream.nextChunk() {
            sizes.append(chunk.customerCount)
            seen.append(contentsOf: (0..<chunk.customerCount).map { chunk.history(at: $0) })
        }
        #expect(sizes == [10, 10, 5])
        #expect(seen == histories)
        #expect(stream.boundsKnownUpFront)
        #expect(try stream.nextChunk() == nil)
    }

    @Test func anEventTableOutOfCustomerOrderIsRefusedByName() throws {
        var rng = SplitMix64(seed: 33)
        let histories = (0..<40).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, shuffleWith: &rng, shuffle: true)
        let stream = try CustomerTableStream(directory: directory, chunkCustomers: 4)
        #expect {
            while try stream.nextChunk() != nil {}
        } throws: { error in
            guard case RawTableError.notInCustomerOrder(let file, _)? = error as? RawTableError else { return false }
            return file == "subscription_changes.csv" && "\(error)".contains("customers.csv order")
        }
    }

    /// The gate's verdict and figures from statistics gathered chunk by chunk, in two passes, are
    /// those of the whole tables.
    @Test func theGateFromChunksIsTheGateOfTheWholeTables() throws {
        let (directory, _) = try directory(seed: 34, customers: 60)
        let path = directory + "/engagement_daily.csv"
        try (String(contentsOfFile: path, encoding: .utf8) + "c59,2024-12-30,4000,1,1,0\nc59,2024-12-31,x,1,1,0\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let gate = DataQualityGate()
        let whole = gate.check(raw: try CustomerTables.load(directory: directory), subject: directory)
        var statistics = RawTableStatistics()
        let first = try CustomerTableStream(directory: directory, chunkCustomers: 8)
        while let chunk = try first.nextChunk() { statistics.accumulate(chunk) }
        #expect(gate.check(rawReports: first.reports, statistics: statistics, subject: directory).passed == whole.passed)
        statistics.finishFirstPass(z: gate.thresholds.outlierZ)
        let second = try CustomerTableStream(directory: directory, chunkCustomers: 8)
        while let chunk = try second.nextChunk() { statistics.recount(chunk) }
        let chunked = gate.check(rawReports: first.reports, statistics: statistics, subject: directory)
        #expect(chunked == whole)
        #expect(!whole.passed)
        #expect(whole.columns.first { $0.table == "engagement_daily.csv" && $0.column == "logins" }?.outliers?.outliers == 1)
    }

    /// Leakage through the whole streamed path: changing, moving, deleting and adding events at or
    /// after as_of in the files never changes a feature at as_of; one day earlier it does.
    @Test func futureEventsInTheFilesNeverChangeTheStreamedFeatures() throws {
        var rng = SplitMix64(seed: 35)
        let asOf = CalendarDay(year: 2024, month: 8, day: 1)
        let histories = (0..<120).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        func features(_ histories: [CustomerHistory], at day: CalendarDay) throws -> [String: [FeatureValue]] {
            let directory = HistoryFixtures.temporaryDirectory()
            try HistoryFixtures.write(histories, to: directory, shuffleWith: &rng, shuffle: false)
            let builder = FeatureBuilder(asOfDates: [day], labeler: ChurnLabeler(horizonDays: 90, dataEnd: HistoryFixtures.end))
            let (rows, _) = try streamedRows(directory, chunk: 16, builder: builder)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.customerID, $0.values) })
        }
        let original = try features(histories, at: asOf)
        #expect(original.count > 50)
        let future = histories.map { PointInTimeFeaturesTests.mutateFuture($0, asOf: asOf, using: &rng) }
        let mutated = try features(future, at: asOf)
        #expect(Set(mutated.keys) == Set(original.keys))
        for (customer, values) in original {
            #expect(PointInTimeFeaturesTests.bitPattern(mutated[customer]!) == PointInTimeFeaturesTests.bitPattern(values), "\(customer)")
        }
        // The same mutation one day earlier shows.
        let dayBefore = histories.map { PointInTimeFeaturesTests.mutateFuture($0, asOf: asOf.adding(days: -1), using: &rng) }
        let seen = try features(dayBefore, at: asOf)
        #expect(original.filter { seen[$0.key].map(PointInTimeFeaturesTests.bitPattern) != PointInTimeFeaturesTests.bitPattern($0.value) }.count > 50)
    }

    @Test(arguments: [1, 5, 64, 1 << 20])
    func blocksReadTheRecordsAndLinesOfTheWholeFile(blockBytes: Int) throws {
        let text = "a,b,c\n1,\"x\ny\",2\r\n3,\"q\"\"\",4\n\n5,6,7\n8,\"never closed\n9,9,9"
        let path = HistoryFixtures.temporaryDirectory() + "/t.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var expected: [String] = []
        try CSVReader(path: path).forEachRecord(onIssue: { expected.append("issue \($0)") }) { expected.append("\($0.line): \($0.strings())") }
        var actual: [String] = []
        let reader = try CSVBlockReader(path: path, blockBytes: blockBytes)
        while try reader.nextBlock(onIssue: { actual.append("issue \($0)") }, { actual.append("\($0.line): \($0.strings())") }) {}
        #expect(actual == expected)
        #expect(expected.count >= 5)
    }
}
