import ArgumentParser
import ChurnData
import ChurnModel
import Foundation

/// `churnguard features`: builds the point-in-time feature table from the raw tables.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Build one feature row per (active customer, snapshot date), labelled with churn in the horizon.",
        discussion: """
            Only data before each as_of day is used. The raw tables are checked by the data-quality gate first,
            the finished table again before it replaces FILE; a failing gate writes nothing and exits 1.
            Writes FILE and FILE.schema.json.
            """
    )

    @Option(name: .long, help: "Directory holding the six raw tables of docs/DATA.md.")
    var data: String

    @Option(name: .long, help: "Snapshot dates: YYYY-MM-DD[,YYYY-MM-DD…], or 'monthly' (first of each month from the data's second month).")
    var asOf: String

    @Option(name: .long, help: "Label horizon, as Nd.")
    var horizon: String = "90d"

    @Option(name: .long, help: "Feature table to write (its schema goes to FILE.schema.json).")
    var out: String

    @Option(name: .long, help: "Worker threads.")
    var workers: Int = 2

    @Flag(name: .long, help: "Do not run the data-quality gate (not for data you will train on).")
    var skipQualityGate = false

    @OptionGroup var gate: QualityGateOptions

    func run() throws {
        let started = Date()
        let horizonDays = try SnapshotDates.horizonDays(horizon)
        let tables = try CustomerTables.load(directory: data) { file, rows in
            StandardError.print("read \(file): \(rows) rows (\(Self.seconds(since: started)))")
        }
        for report in tables.reports where report.skippedRows > 0 {
            var line = "\(report.file): skipped \(report.skippedRows) of \(report.rows) rows"
            if report.rowsOfRejectedCustomers > 0 {
                line += " (\(report.rowsOfRejectedCustomers) of customers whose customers.csv row was rejected)"
            }
            if let first = report.examples.first { line += "; first: \(first)" }
            StandardError.print(line)
        }
        if skipQualityGate {
            StandardError.print("warning: --skip-quality-gate: the data-quality gate is NOT run; do not train on this table without checking it")
        } else {
            let report = gate.gate.check(raw: tables, subject: data)
            guard report.passed else {
                print(report.rendered())
                StandardError.print("raw tables failed the data-quality gate; nothing was written")
                throw ExitCode.failure
            }
            StandardError.print("raw tables passed the data-quality gate")
        }
        guard let dataEnd = tables.dataEnd else {
            throw ValidationError("\(data) has no customers or events to build features from")
        }
        let dates = try SnapshotDates.parse(asOf, dataStart: tables.dataStart, dataEnd: dataEnd)
        let builder = FeatureBuilder(
            asOfDates: dates, labeler: ChurnLabeler(horizonDays: horizonDays, dataEnd: dataEnd), workers: workers)
        StandardError.print("building \(tables.customerCount) customers × \(dates.count) dates (\(dates.map(\.description).joined(separator: ", "))), horizon \(horizonDays) days, data end \(dataEnd)")

        let partial = out + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        let writer = try FeatureTableWriter(path: partial, schema: PointInTimeFeatures.schema(countries: tables.countries))
        let buildStarted = Date()
        var lastReport = Date()
        let summary: FeatureBuildSummary
        do {
            summary = try builder.build(tables: tables, progress: { done, total in
                if Date().timeIntervalSince(lastReport) >= 2 || done == total {
                    lastReport = Date()
                    StandardError.print("features: \(done)/\(total) customers (\(Self.seconds(since: started)))")
                }
            }, sink: writer.append)
            try writer.finish()
        } catch {
            Self.remove(partial)
            throw error
        }
        let buildSeconds = Date().timeIntervalSince(buildStarted)

        if !skipQualityGate {
            let reportOnly = Set(PointInTimeFeature.allCases.filter { !$0.enforcesOutlierShare }.map(\.spec.name))
            let report = try gate.gate.check(featureTableAt: partial, reportOnlyOutliers: reportOnly)
            guard report.passed else {
                Self.remove(partial)
                print(report.rendered())
                StandardError.print("the feature table failed the data-quality gate; \(out) was not written")
                throw ExitCode.failure
            }
            StandardError.print("feature table passed the data-quality gate")
        }
        try Self.publish(partial, as: out)
        let rate = buildSeconds > 0 ? Int(Double(summary.rows) / buildSeconds) : summary.rows
        print("""
            wrote \(out): \(summary.rows) rows (\(summary.positives) churned, \(summary.negatives) stayed, \(summary.unlabeled) unlabeled)
            excluded: \(summary.notSignedUp) not yet signed up, \(summary.alreadyChurned) already churned
            features: \(builder.asOfDates.count) dates, \(rate) rows/s; total \(Self.seconds(since: started))
            """)
    }

    /// Replaces `final` (and its schema) with the finished partial table; the schema goes last, so a
    /// reader never pairs the new table with an old schema.
    private static func publish(_ partial: String, as final: String) throws {
        let files = FileManager.default
        let finalSchema = FeatureTable.schemaPath(for: final)
        try? files.removeItem(atPath: finalSchema)
        try? files.removeItem(atPath: final)
        try files.moveItem(atPath: partial, toPath: final)
        try files.moveItem(atPath: FeatureTable.schemaPath(for: partial), toPath: finalSchema)
    }

    private static func remove(_ partial: String) {
        try? FileManager.default.removeItem(atPath: partial)
        try? FileManager.default.removeItem(atPath: FeatureTable.schemaPath(for: partial))
    }

    private static func seconds(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }
}
