import ChurnData
import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// The two engines the store path of `features` runs on: a SQLite file, or a fresh database on the
/// throwaway PostgreSQL server (cancelled where it cannot run, failed in a run that must run all).
enum FeatureStoreBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    func withStore(_ body: (ChurnStore) async throws -> Void) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("churn-features-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let configuration: StoreConfiguration
        switch self {
        case .sqlite:
            configuration = StoreConfiguration(home: home, database: .sqlite(path: home + "/churnguard.sqlite"))
        case .postgres:
            try TestRequirement.postgreSQL.check()
            configuration = StoreConfiguration(home: home, database: .postgres(url: try await PostgresTestServer.shared.makeDatabaseURL()))
        }
        try await ChurnTestSupport.withStore(configuration, body)
    }
}

/// Generated raw tables, their rows read back from files or from a store, and edits of the files
/// that change only what happened at or after a day.
enum RawTableFixtures {
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("churn-raw-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func generate(customers: Int, months: Int, seed: UInt64) throws -> String {
        let directory = temporaryDirectory() + "/raw"
        _ = try SyntheticDataGenerator(config: GeneratorConfig(customers: customers, months: months, seed: seed, workers: 2, chunkSize: 32))
            .write(to: directory)
        return directory
    }

    static func copy(_ directory: String) throws -> String {
        let target = temporaryDirectory() + "/raw"
        try FileManager.default.copyItem(atPath: directory, toPath: target)
        return target
    }

    static func ingest(_ directory: String, into store: ChurnStore) async throws {
        _ = try await RawTableLoader(store: store).load(directory: directory)
    }

    /// The rows a store build makes, with the stream (for its reports and days).
    static func storeRows(_ store: ChurnStore, _ builder: FeatureBuilder, chunk: Int) async throws -> ([FeatureRow], StoreCustomerTableStream) {
        let stream = try await StoreCustomerTableStream.open(store: store, chunkCustomers: chunk)
        var rows: [FeatureRow] = []
        while let tables = try await stream.nextChunk() { rows.append(contentsOf: builder.chunk(tables).rows) }
        return (rows, stream)
    }

    static func fileRows(_ directory: String, _ builder: FeatureBuilder, chunk: Int) throws -> [FeatureRow] {
        let stream = try CustomerTableStream(directory: directory, chunkCustomers: chunk)
        var rows: [FeatureRow] = []
        _ = try builder.build(chunks: { try stream.nextChunk() }, sink: { rows.append($0) })
        return rows
    }

    /// Rewrites the event tables of a generated `directory` (which never quotes a cell) so that only
    /// rows at or after `cutoff` change: half of them are deleted, the rest get other values (a ticket
    /// resolved on or after the cutoff becomes open), and new rows at 00:00 of the cutoff are added
    /// for the first `added` customers (read with chunks of more than `added` customers). Returns how
    /// many rows were touched.
    @discardableResult
    static func rewriteFrom(_ cutoff: CalendarDay, in directory: String, added: Int = 20, seed: UInt64) throws -> Int {
        var rng = SplitMix64(seed: seed)
        let day = cutoff.description
        let midnight = "\(day)T00:00:00Z"
        let customers = try lines(directory, "customers.csv").dropFirst().prefix(added).map { String($0.split(separator: ",")[0]) }
        var touched = 0
        func rewrite(_ file: String, time: Int, _ change: ([String]) -> [String], extra: [String]) throws {
            var rows = try lines(directory, file)
            let header = rows.removeFirst()
            var kept: [String] = []
            for row in rows {
                var cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard cells[time].prefix(10) >= day else {
                    // A ticket opened before the cutoff may still be resolved after it.
                    if file == "support_tickets.csv", !cells[3].isEmpty, cells[3].prefix(10) >= day {
                        cells[3] = ""
                        touched += 1
                    }
                    kept.append(cells.joined(separator: ","))
                    continue
                }
                touched += 1
                if Bool.random(using: &rng) { continue }
                kept.append(change(cells).joined(separator: ","))
            }
            // The new rows (of the first customers) go first, so a chunk of more than `added`
            // customers still finds the file in customers.csv order.
            try ([header] + extra + kept).joined(separator: "\n").appending("\n")
                .write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
        }
        try rewrite("engagement_daily.csv", time: 1, { cells in [cells[0], cells[1], "9", "9", "9", "9"] }, extra: [])
        try rewrite("transactions.csv", time: 2, { cells in [cells[0], cells[1], cells[2], "999.99", "failed"] },
                    extra: customers.enumerated().map { "tx-late-\($0.offset),\($0.element),\(midnight),5.00,paid" })
        try rewrite("subscription_changes.csv", time: 1, { cells in
            var cells = cells
            cells[6] = "4321.00"
            return cells
        }, extra: customers.map { "\($0),\(midnight),cancellation,,,,," })
        try rewrite("support_tickets.csv", time: 2, { cells in [cells[0], cells[1], cells[2], cells[3], "cancellation_request", "-1"] },
                    extra: customers.enumerated().map { "tk-late-\($0.offset),\($0.element),\(midnight),,bug,1" })
        try rewrite("churn_events.csv", time: 1, { $0 }, extra: [])
        return touched + 3 * customers.count
    }

    private static func lines(_ directory: String, _ file: String) throws -> [String] {
        try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Values as bit patterns, so that a comparison sees every bit of every number.
    static func bits(_ values: [FeatureValue]) -> [String] {
        values.map { value in
            if case .number(let number) = value { return "n\(number.bitPattern)" }
            return String(reflecting: value)
        }
    }
}
