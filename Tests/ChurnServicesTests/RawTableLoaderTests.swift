import ChurnStore
import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnServices

/// `ingest`'s raw-table copy over real SQLite and PostgreSQL stores: a file cut into many chunks
/// (parsed while the previous chunk is written) loads every row once, a second load adds nothing,
/// and a malformed record in a later chunk stops the load naming its line.
@Suite struct RawTableLoaderTests {
    enum Backend: String, CaseIterable, CustomStringConvertible {
        case sqlite, postgres
        var description: String { rawValue }
    }

    static let engagement = RawTableSpec.all.first { $0.table == "raw_engagement_daily" }!

    /// Opens a fresh store on `backend` with its own temporary home, and removes the home afterwards.
    static func withStore(_ backend: Backend, _ body: (ChurnStore, String) async throws -> Void) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("raw-loader-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let configuration: StoreConfiguration
        switch backend {
        case .sqlite:
            configuration = StoreConfiguration(home: home, database: .sqlite(path: home + "/churnguard.sqlite"))
        case .postgres:
            try TestRequirement.postgreSQL.check()
            configuration = StoreConfiguration(home: home, database: .postgres(url: try await PostgresTestServer.shared.makeDatabaseURL()))
        }
        try await ChurnTestSupport.withStore(configuration) { store in try await body(store, home) }
    }

    /// 1,500 engagement rows (columns in another order than the table's, one column the table does
    /// not have), every 100th repeating an earlier key.
    static func engagementCSV() -> (text: String, rows: Int, unique: Int) {
        var lines = ["date,customer_id,sessions,logins,extra,feature_events,crashes"]
        for index in 0..<1_500 {
            let key = index % 100 == 99 ? index - 50 : index
            lines.append("2025-01-\(String(format: "%02d", 1 + key % 28)),c\(key / 28),\(index % 5),\(index % 3),x,,0")
        }
        return (lines.joined(separator: "\n") + "\n", 1_500, 1_500 - 15)
    }

    @Test(arguments: Backend.allCases)
    func chunkedLoadIsCompleteAndIdempotent(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store, home in
            let csv = Self.engagementCSV()
            let path = home + "/engagement_daily.csv"
            try csv.text.write(toFile: path, atomically: true, encoding: .utf8)
            var loader = RawTableLoader(store: store)
            loader.chunkBytes = 2_048  // about 60 records a chunk: many chunks, each overlapping the last one's insert
            let first = try await loader.load(Self.engagement, path: path)
            #expect(first == RawTableLoader.TableResult(file: "engagement_daily.csv", rows: csv.rows, new: csv.unique))
            let again = try await loader.load(Self.engagement, path: path)
            #expect(again == RawTableLoader.TableResult(file: "engagement_daily.csv", rows: csv.rows, new: 0))
            #expect(try await store.rawTables.count(Self.engagement) == csv.unique)
        }
    }

    @Test(arguments: Backend.allCases)
    func malformedRecordInALaterChunkNamesItsLine(_ backend: Backend) async throws {
        try await Self.withStore(backend) { store, home in
            let csv = Self.engagementCSV()
            let path = home + "/engagement_daily.csv"
            try (csv.text + "2025-02-01,\"c1,1,1,x,1,0\n").write(toFile: path, atomically: true, encoding: .utf8)
            var loader = RawTableLoader(store: store)
            loader.chunkBytes = 2_048
            let error = await #expect(throws: RawTableLoadError.self) { try await loader.load(Self.engagement, path: path) }
            #expect(error?.reason.contains("line \(csv.rows + 2)") == true, "\(String(describing: error))")
        }
    }
}
