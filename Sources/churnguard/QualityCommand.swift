import ArgumentParser
import ChurnData
import Foundation

/// `churnguard quality`: runs the data-quality gate on the raw tables of a directory and prints its report.
struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Check the raw tables of a data directory (completeness, types, ranges, outliers).",
        discussion: "Exits with status 1 when the gate fails; the report names each failing column and figure."
    )

    @Option(name: .long, help: "Directory holding the six raw tables of docs/DATA.md.")
    var data: String

    @OptionGroup var gate: QualityGateOptions

    func run() throws {
        let report = try inChunksOrWhole(checkChunks) {
            let tables = try CustomerTables.load(directory: data) { file, rows in
                StandardError.print("read \(file): \(rows) rows")
            }
            return gate.gate.check(raw: tables, subject: data)
        }
        print(report.rendered())
        if !report.passed { throw ExitCode.failure }
    }

    /// The same report from two passes over the files a chunk of customers at a time, so memory
    /// does not grow with the data: the columns' statistics, then their outliers against them.
    private func checkChunks() throws -> DataQualityReport {
        var statistics = RawTableStatistics()
        let first = try CustomerTableStream(directory: data)
        while let chunk = try first.nextChunk() { statistics.accumulate(chunk) }
        for report in first.reports { StandardError.print("read \(report.file): \(report.rows) rows") }
        statistics.finishFirstPass(z: gate.gate.thresholds.outlierZ)
        try statistics.recount(chunksOf: CustomerTableStream(directory: data))
        return gate.gate.check(rawReports: first.reports, statistics: statistics, subject: data)
    }
}

/// The thresholds of the data-quality gate, shared by `quality` and `features`.
struct QualityGateOptions: ParsableArguments {
    @Option(name: .long, help: "Minimum share of rows with a value, per required column.")
    var minCompleteness: Double = 0.995

    @Option(name: .long, help: "Maximum share of invalid values (wrong type, range or category) per column.")
    var maxInvalidShare: Double = 0

    @Option(name: .long, help: "Maximum share of |z| > 4 values per enforced numeric feature.")
    var maxOutlierShare: Double = 0.01

    var gate: DataQualityGate {
        DataQualityGate(thresholds: .init(
            minCompleteness: minCompleteness, maxInvalidShare: maxInvalidShare, maxOutlierShare: maxOutlierShare))
    }

    /// Judges raw tables read a chunk at a time. On failure the outliers are counted in a second
    /// pass (`recount`, with the means and deviations of the first), the report is printed, and the
    /// command exits 1 saying `onFailure`.
    func judge(
        rawReports reports: [RawTableReport], statistics: RawTableStatistics, subject: String, onFailure: String,
        recount: (inout RawTableStatistics) throws -> Void
    ) throws {
        if gate.check(rawReports: reports, statistics: statistics, subject: subject).passed {
            StandardError.print("raw tables passed the data-quality gate")
            return
        }
        var counted = statistics
        counted.finishFirstPass(z: gate.thresholds.outlierZ)
        try recount(&counted)
        print(gate.check(rawReports: reports, statistics: counted, subject: subject).rendered())
        StandardError.print("raw tables failed the data-quality gate; \(onFailure)")
        throw ExitCode.failure
    }
}
