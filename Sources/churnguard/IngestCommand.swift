import ArgumentParser
import ChurnData
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard ingest`: materializes the online feature store for one day from the raw tables.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load the raw tables into the store and upsert every active customer's features at a date into the online feature store.",
        discussion: """
            Uses the same point-in-time feature code as `churnguard features` (only data before the as_of day). \
            The raw tables are checked by the data-quality gate first; a failing gate writes nothing and exits 1. \
            The CSV files are read a chunk of customers at a time (--chunk-customers), so memory does not grow with \
            the data, as long as each event table lists customers in customers.csv order (as `churnguard generate` \
            writes them); otherwise the tables are read whole, with a warning.

            Safe to run twice: raw rows already stored are skipped, and a snapshot for an older date never replaces a \
            newer one. The store is the SQLite file under --home, or PostgreSQL when CHURNGUARD_DATABASE_URL is set. \
            The raw tables are copied into raw_* tables (outcomes such as churn events are read from there later, \
            e.g. by `models compare --outcomes`); --skip-raw leaves them out.
            """
    )

    @Option(name: .long, help: "Directory holding the six raw tables of docs/DATA.md.")
    var data: String

    @Option(name: .long, help: "The snapshot date, YYYY-MM-DD.")
    var asOf: String

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    @Option(name: .long, help: "Worker threads.")
    var workers: Int = 2

    @Option(name: .long, help: "Customers whose events are held in memory at once.")
    var chunkCustomers: Int = 8192

    @Flag(name: .long, help: "Do not copy the raw tables into the store (features only).")
    var skipRaw = false

    @OptionGroup var gate: QualityGateOptions

    func run() async throws {
        guard let day = CalendarDay(asOf), asOf.count == 10 else {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'")
        }
        guard chunkCustomers >= 1 else { throw ValidationError("--chunk-customers must be at least 1, got \(chunkCustomers)") }
        let started = Date()
        let customers = try inChunksOrWhole({ try gateChunks(started: started) }, whole: { try gateWhole(started: started) })
        if let dataEnd = customers.dataEnd, dataEnd < day {
            StandardError.print("warning: \(asOf) is after the end of the data (\(dataEnd)); features are as of the last observed day")
        }

        let configuration = StoreConfiguration.resolve(home: home)
        try await withStore(home: home) { store in
            if !skipRaw {
                let copyStarted = Date()
                let results = try await RawTableLoader(store: store).load(directory: data) { result in
                    StandardError.print("raw \(result.file): \(result.rows) rows, \(result.new) new (\(Self.seconds(since: started)))")
                }
                let new = results.reduce(0) { $0 + $1.new }
                let rows = results.reduce(0) { $0 + $1.rows }
                // The copy's own rate (reading and gating the tables before it are not counted): the figure
                // docs/BENCHMARKS.md and Benchmarks/run-ingest.sh report.
                let copySeconds = Date().timeIntervalSince(copyStarted)
                let rate = copySeconds > 0 ? Int(Double(rows) / copySeconds) : rows
                print("raw tables: \(rows) rows read, \(new) new, \(rows - new) already stored; copied in \(String(format: "%.1f", copySeconds)) s, \(rate) rows/s")
            }
            let materializer = OnlineFeatureMaterializer(asOf: day, workers: workers)
            let progress: @Sendable (Int, Int) -> Void = { done, total in
                StandardError.print("ingest: \(done)/\(total) customers (\(Self.seconds(since: started)))")
            }
            let summary: OnlineFeatureMaterializer.Summary
            switch customers {
            case .whole(let tables):
                summary = try await materializer.materialize(tables: tables, into: store, progress: progress)
            case .chunks(let dataEnd, let total):
                let stream = try CustomerTableStream(directory: data, chunkCustomers: chunkCustomers)
                summary = try await materializer.materialize(
                    chunks: { try stream.nextChunk() }, dataEnd: dataEnd, total: total, into: store, progress: progress)
            }
            let stored = try await store.onlineFeatures.count()
            let rate = summary.seconds > 0 ? Int(Double(summary.customers) / summary.seconds) : summary.customers
            print("""
                ingested \(summary.snapshots) customer snapshots as of \(asOf) into \(configuration.database.displayName)
                excluded: \(summary.notSignedUp) not yet signed up, \(summary.alreadyChurned) already churned
                online store: \(stored) customers; \(rate) customers/s; total \(Self.seconds(since: started))
                """)
        }
    }

    /// How the materialization reads the customers: the CSV files again a chunk at a time (memory
    /// holds one chunk), or the tables already in memory when they had to be read whole.
    private enum Customers {
        case chunks(dataEnd: CalendarDay?, total: Int)
        case whole(CustomerTables)

        var dataEnd: CalendarDay? {
            switch self {
            case .chunks(let dataEnd, _): dataEnd
            case .whole(let tables): tables.dataEnd
            }
        }
    }

    /// The data-quality gate over the raw tables read a chunk of customers at a time, before
    /// anything is written (a failing gate writes nothing and exits 1).
    private func gateChunks(started: Date) throws -> Customers {
        let stream = try CustomerTableStream(directory: data, chunkCustomers: chunkCustomers)
        StandardError.print("read customers.csv and churn_events.csv: \(stream.customerCount) customers (\(Self.seconds(since: started)))")
        var statistics = RawTableStatistics()
        var checked = 0
        var lastReport = Date()
        while let chunk = try stream.nextChunk() {
            statistics.accumulate(chunk)
            checked += chunk.customerCount
            if Date().timeIntervalSince(lastReport) >= 2 || checked == stream.customerCount {
                lastReport = Date()
                StandardError.print("checked \(checked)/\(stream.customerCount) customers' raw rows (\(Self.seconds(since: started)))")
            }
        }
        try gate.judge(rawReports: stream.reports, statistics: statistics, subject: data, onFailure: "nothing was ingested") { statistics in
            try statistics.recount(chunksOf: CustomerTableStream(directory: data, chunkCustomers: chunkCustomers))
        }
        return .chunks(dataEnd: stream.dataEnd, total: stream.customerCount)
    }

    /// The same gate over the tables read whole: for event tables in no particular order.
    private func gateWhole(started: Date) throws -> Customers {
        let tables = try CustomerTables.load(directory: data) { file, rows in
            StandardError.print("read \(file): \(rows) rows (\(Self.seconds(since: started)))")
        }
        var statistics = RawTableStatistics()
        statistics.accumulate(tables)
        try gate.judge(rawReports: tables.reports, statistics: statistics, subject: data, onFailure: "nothing was ingested") { statistics in
            statistics.recount(tables)
        }
        return .whole(tables)
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }
}
