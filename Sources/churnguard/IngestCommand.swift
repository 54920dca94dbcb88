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
            Uses the same point-in-time feature code as `churnguard features` (only data before the as_of day).
            The raw tables are checked by the data-quality gate first; a failing gate writes nothing and exits 1.
            Safe to run twice: raw rows already stored are skipped, and a snapshot for an older date never replaces a
            newer one. The store is the SQLite file under --home, or PostgreSQL when CHURNGUARD_DATABASE_URL is set.
            The raw tables are copied into raw_* tables (outcomes such as churn events are read from there later,
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

    @Flag(name: .long, help: "Do not copy the raw tables into the store (features only).")
    var skipRaw = false

    @OptionGroup var gate: QualityGateOptions

    func run() async throws {
        guard let day = CalendarDay(asOf), asOf.count == 10 else {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'")
        }
        let started = Date()
        let tables = try CustomerTables.load(directory: data) { file, rows in
            StandardError.print("read \(file): \(rows) rows (\(Self.seconds(since: started)))")
        }
        let report = gate.gate.check(raw: tables, subject: data)
        guard report.passed else {
            print(report.rendered())
            StandardError.print("raw tables failed the data-quality gate; nothing was ingested")
            throw ExitCode.failure
        }
        StandardError.print("raw tables passed the data-quality gate")
        if let dataEnd = tables.dataEnd, dataEnd < day {
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
            let summary = try await materializer.materialize(tables: tables, into: store) { done, total in
                StandardError.print("ingest: \(done)/\(total) customers (\(Self.seconds(since: started)))")
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

    static func seconds(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }
}
