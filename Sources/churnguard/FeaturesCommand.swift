import ArgumentParser
import ChurnData
import ChurnModel
import Foundation

/// `churnguard features`: builds the point-in-time feature table from the raw tables, read from a
/// data directory's CSV files or from the store's `raw_*` tables, a chunk of customers at a time.
struct FeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Build one feature row per (active customer, snapshot date), labelled with churn in the horizon.",
        discussion: """
            Only data before each as_of day is used. Reads the six raw tables from --data (CSV files) or, with \
            --from-store, from the raw_* tables `churnguard ingest` loaded into the store (the SQLite file under \
            --home, or PostgreSQL when CHURNGUARD_DATABASE_URL is set); both give the same rows for the same data.

            Customers are processed --chunk-customers at a time, so memory holds one chunk's events, not the \
            tables. From files this needs each event table in customers.csv order (as `churnguard generate` \
            writes them); otherwise it says so and reads the tables whole.

            The raw tables are checked by the data-quality gate, the finished table again before it replaces \
            FILE; a failing gate writes nothing and exits 1. Writes FILE and FILE.schema.json. Rows list \
            customers in customers.csv order (from files) or customer_id order (from the store), then as_of \
            ascending.
            """
    )

    @Option(name: .long, help: "Directory holding the six raw tables of docs/DATA.md (CSV files).")
    var data: String?

    @Flag(name: .long, help: "Read the raw tables from the store (loaded by `churnguard ingest`) instead of --data.")
    var fromStore = false

    @Option(name: .long, help: "With --from-store: data directory of the store (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    @Option(name: .long, help: "Snapshot dates: YYYY-MM-DD[,YYYY-MM-DD…], or 'monthly' (first of each month from the data's second month).")
    var asOf: String

    @Option(name: .long, help: "First day of the data (YYYY-MM-DD), for 'monthly': overrides manifest.json's start; needed from the store or an export whose customers signed up before their activity was recorded.")
    var dataStart: String?

    @Option(name: .long, help: "First day after the data (YYYY-MM-DD), for labels: overrides manifest.json's end (default: the day after the latest event).")
    var dataEnd: String?

    @Option(name: .long, help: "Label horizon, as Nd.")
    var horizon: String = "90d"

    @Option(name: .long, help: "Feature table to write (its schema goes to FILE.schema.json).")
    var out: String

    @Option(name: .long, help: "Worker threads.")
    var workers: Int = 2

    @Option(name: .long, help: "Customers whose events are held in memory at once.")
    var chunkCustomers: Int = 8192

    @Flag(name: .long, help: "Do not run the data-quality gate (not for data you will train on).")
    var skipQualityGate = false

    @OptionGroup var gate: QualityGateOptions

    func validate() throws {
        guard (data != nil) != fromStore else {
            throw ValidationError("give either --data DIR (CSV files) or --from-store (the raw tables `churnguard ingest` stored)")
        }
        guard home == nil || fromStore else { throw ValidationError("--home is for --from-store; --data reads CSV files") }
        for (name, value) in [("--data-start", dataStart), ("--data-end", dataEnd)] {
            if let value, CalendarDay(value) == nil || value.count != 10 {
                throw ValidationError("\(name) must be a date YYYY-MM-DD, got '\(value)'")
            }
        }
        guard chunkCustomers >= 1 else { throw ValidationError("--chunk-customers must be at least 1, got \(chunkCustomers)") }
    }

    func run() async throws {
        let started = Date()
        let horizonDays = try SnapshotDates.horizonDays(horizon)
        let output = FeatureTableOutput(path: out)
        let built: BuiltFeatureTable
        if fromStore {
            built = try await buildFromStore(horizonDays: horizonDays, output: output, started: started)
        } else {
            let command = self
            let result = await ParallelRows.offPool {
                Result { try command.buildFromFiles(directory: command.data!, horizonDays: horizonDays, output: output, started: started) }
            }
            built = try result.get()
        }

        if !skipQualityGate {
            let reportOnly = Set(PointInTimeFeature.allCases.filter { !$0.enforcesOutlierShare }.map(\.spec.name))
            let report = try gate.gate.check(featureTableAt: output.partial, reportOnlyOutliers: reportOnly)
            guard report.passed else {
                output.remove()
                print(report.rendered())
                StandardError.print("the feature table failed the data-quality gate; \(out) was not written")
                throw ExitCode.failure
            }
            StandardError.print("feature table passed the data-quality gate")
        }
        try output.publish()
        let summary = built.summary
        let rate = built.buildSeconds > 0 ? Int(Double(summary.rows) / built.buildSeconds) : summary.rows
        print("""
            wrote \(out): \(summary.rows) rows (\(summary.positives) churned, \(summary.negatives) stayed, \(summary.unlabeled) unlabeled)
            excluded: \(summary.notSignedUp) not yet signed up, \(summary.alreadyChurned) already churned
            features: \(built.dates) dates, \(rate) rows/s; total \(Self.seconds(since: started))
            """)
    }

    /// Prints the rows each table skipped, with the first problem.
    static func printSkipped(_ reports: [RawTableReport]) {
        for report in reports where report.skippedRows > 0 {
            var line = "\(report.file): skipped \(report.skippedRows) of \(report.rows) rows"
            if report.rowsOfRejectedCustomers > 0 {
                line += " (\(report.rowsOfRejectedCustomers) of customers whose customers.csv row was rejected)"
            }
            if let first = report.examples.first { line += "; first: \(first)" }
            StandardError.print(line)
        }
    }

    /// Applies the raw-table gate; on failure counts the outliers for the printed report with
    /// `recount` (a second pass over the chunks: raw outliers are reported, never enforced, so
    /// the verdict does not wait for them) and exits 1.
    func gateRawTables(
        _ reports: [RawTableReport], _ statistics: RawTableStatistics, subject: String,
        recount: (inout RawTableStatistics) throws -> Void
    ) throws {
        try gate.judge(rawReports: reports, statistics: statistics, subject: subject, onFailure: "nothing was written", recount: recount)
    }

    /// The data's first and last day as given by --data-start and --data-end.
    var givenStart: CalendarDay? { dataStart.flatMap { CalendarDay($0) } }
    var givenEnd: CalendarDay? { dataEnd.flatMap { CalendarDay($0) } }

    func announce(customers: Int, dates: [CalendarDay], horizonDays: Int, dataEnd: CalendarDay) {
        StandardError.print("building \(customers) customers × \(dates.count) dates (\(dates.map(\.description).joined(separator: ", "))), horizon \(horizonDays) days, data end \(dataEnd)")
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }
}

/// What a build produced before the table's own gate.
struct BuiltFeatureTable: Sendable {
    var summary: FeatureBuildSummary
    var dates: Int
    var buildSeconds: Double
}

/// The table being written: a partial file beside FILE, published (with its schema) only when
/// every gate passed.
struct FeatureTableOutput: Sendable {
    let path: String
    let partial: String

    init(path: String) {
        self.path = path
        partial = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Replaces `path` (and its schema) with the finished partial table; the schema goes last, so a
    /// reader never pairs the new table with an old schema.
    func publish() throws {
        let files = FileManager.default
        let finalSchema = FeatureTable.schemaPath(for: path)
        try? files.removeItem(atPath: finalSchema)
        try? files.removeItem(atPath: path)
        try files.moveItem(atPath: partial, toPath: path)
        try files.moveItem(atPath: FeatureTable.schemaPath(for: partial), toPath: finalSchema)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: partial)
        try? FileManager.default.removeItem(atPath: FeatureTable.schemaPath(for: partial))
    }
}
