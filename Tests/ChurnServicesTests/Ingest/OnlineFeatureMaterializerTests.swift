import ChurnData
import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// `ingest` materializes the online store from the CSV files a chunk of customers at a time; it
/// must write exactly what materializing from the tables read whole writes.
@Suite struct OnlineFeatureMaterializerTests {
    /// Every stored snapshot, by customer: (as_of, features JSON).
    static func snapshots(_ store: ChurnStore) async throws -> [String: [String]] {
        var all: [String: [String]] = [:]
        var after: String?
        while true {
            let page = try await store.onlineFeatures.snapshots(after: after, limit: 500)
            guard let last = page.last else { break }
            for snapshot in page { all[snapshot.customerID] = [snapshot.asOf, snapshot.featuresJSON] }
            after = last.customerID
        }
        return all
    }

    @Test func chunksOfTheFilesMaterializeWhatTheWholeTablesDo() async throws {
        let directory = try RawTableFixtures.generate(customers: 150, months: 6, seed: 21)
        let asOf = CalendarDay(year: 2025, month: 5, day: 1)
        let materializer = OnlineFeatureMaterializer(asOf: asOf, workers: 2, blockSize: 40)

        var whole: [String: [String]] = [:]
        var wholeSummary: OnlineFeatureMaterializer.Summary?
        try await FeatureStoreBackend.sqlite.withStore { store in
            let tables = try CustomerTables.load(directory: directory)
            wholeSummary = try await materializer.materialize(tables: tables, into: store)
            whole = try await Self.snapshots(store)
        }
        var chunked: [String: [String]] = [:]
        var chunkedSummary: OnlineFeatureMaterializer.Summary?
        let reports = ProgressReports()
        try await FeatureStoreBackend.sqlite.withStore { store in
            // Chunks of 17 customers: a chunk boundary inside every block of 40.
            let stream = try CustomerTableStream(directory: directory, chunkCustomers: 17)
            chunkedSummary = try await materializer.materialize(
                chunks: { try stream.nextChunk() }, dataEnd: stream.dataEnd, total: stream.customerCount, into: store) { done, total in reports.append(done, total) }
            chunked = try await Self.snapshots(store)
        }
        #expect(whole.count > 80)
        #expect(chunked == whole)
        let (chunks, tables) = (try #require(chunkedSummary), try #require(wholeSummary))
        #expect(chunks.customers == 150)
        #expect(chunks.snapshots == tables.snapshots && chunks.snapshots == whole.count)
        #expect(chunks.notSignedUp == tables.notSignedUp)
        #expect(chunks.alreadyChurned == tables.alreadyChurned)
        // Progress about every block's worth of customers, and at the end.
        let progress = reports.all
        #expect(progress.last?.done == 150 && progress.last?.total == 150)
        #expect(progress.count >= 3 && progress.count <= 5)
    }

    final class ProgressReports: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(done: Int, total: Int)] = []
        func append(_ done: Int, _ total: Int) { lock.withLock { entries.append((done, total)) } }
        var all: [(done: Int, total: Int)] { lock.withLock { entries } }
    }
}
