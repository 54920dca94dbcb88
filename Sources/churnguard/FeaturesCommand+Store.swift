import ArgumentParser
import ChurnData
import ChurnModel
import ChurnServices
import ChurnStore
import Foundation

/// `features --from-store`: the `raw_*` tables, a range of customers at a time
/// (``StoreCustomerTableStream``).
extension FeaturesCommand {
    /// The store keeps no manifest, so the data's first and last day are guessed from the stored
    /// text (``RawTableReader/dayRange()``) and checked against the days the build read; when they
    /// differ (a time with an offset, a bad cell) the table is built again with the days read.
    func buildFromStore(horizonDays: Int, output: FeatureTableOutput, started: Date) async throws -> BuiltFeatureTable {
        let configuration = StoreConfiguration.resolve(home: DataHome.resolve(home))
        let subject = configuration.database.displayName
        if skipQualityGate {
            StandardError.print("warning: --skip-quality-gate: the data-quality gate is NOT run; do not train on this table without checking it")
        }
        return try await withStore(home: home) { store in
            var bounds = (start: givenStart, end: givenEnd)
            if bounds.start == nil || bounds.end == nil {
                let guess = try await store.rawTableReader.dayRange()
                bounds.start = bounds.start ?? guess.first.flatMap(Self.day)
                bounds.end = bounds.end ?? guess.last.flatMap(Self.day)?.adding(days: 1)
            }
            while true {
                let stream = try await StoreCustomerTableStream.open(store: store, chunkCustomers: chunkCustomers)
                StandardError.print("read raw_customers and raw_churn_events of \(subject): \(stream.customerCount) customers (\(Self.seconds(since: started)))")
                guard let dataEnd = bounds.end else {
                    throw ValidationError("the store \(subject) has no raw tables to build features from; load them with `churnguard ingest --data DIR`")
                }
                var statistics = RawTableStatistics()
                let built = try await build(
                    stream, dataStart: bounds.start, dataEnd: dataEnd, horizonDays: horizonDays, output: output,
                    started: started, statistics: &statistics)
                // Days given on the command line stand, as a manifest's do; guessed ones must match what was read.
                let read = (start: givenStart ?? stream.dataStart, end: givenEnd ?? stream.dataEnd)
                if read.end == bounds.end, read.start == bounds.start || !asOf.contains("monthly") {
                    try await judgeRawTables(stream, statistics, store: store, subject: subject, output: output)
                    return built
                }
                output.remove()
                StandardError.print("the data runs from \(read.start.map(\.description) ?? "-") to \(read.end.map(\.description) ?? "-"), not as the stored text suggested; building again with those days")
                bounds = read
            }
        }
    }

    private func build(
        _ stream: StoreCustomerTableStream, dataStart: CalendarDay?, dataEnd: CalendarDay, horizonDays: Int,
        output: FeatureTableOutput, started: Date, statistics: inout RawTableStatistics
    ) async throws -> BuiltFeatureTable {
        let dates = try SnapshotDates.parse(asOf, dataStart: dataStart, dataEnd: dataEnd)
        let builder = FeatureBuilder(
            asOfDates: dates, labeler: ChurnLabeler(horizonDays: horizonDays, dataEnd: dataEnd), workers: workers)
        announce(customers: stream.customerCount, dates: builder.asOfDates, horizonDays: horizonDays, dataEnd: dataEnd)
        let buildStarted = Date()
        var lastReport = Date()
        var summary = FeatureBuildSummary()
        do {
            let writer = try FeatureTableWriter(path: output.partial, schema: PointInTimeFeatures.schema(countries: stream.countries))
            func write(_ built: FeatureChunk) throws {
                for row in built.rows { try writer.append(row) }
                summary.add(built.summary)
                if Date().timeIntervalSince(lastReport) >= 2 || summary.customers == stream.customerCount {
                    lastReport = Date()
                    StandardError.print("features: \(summary.customers)/\(stream.customerCount) customers (\(Self.seconds(since: started)))")
                }
            }
            // Chunk k is built on threads of its own while chunk k + 1 is read from the database.
            var building: Task<FeatureChunk, Never>?
            while let chunk = try await stream.nextChunk() {
                statistics.accumulate(chunk)
                if let building { try write(await building.value) }
                building = Task { await ParallelRows.offPool { builder.chunk(chunk) } }
            }
            if let building { try write(await building.value) }
            try writer.finish()
        } catch {
            output.remove()
            throw error
        }
        return BuiltFeatureTable(summary: summary, dates: builder.asOfDates.count, buildSeconds: Date().timeIntervalSince(buildStarted))
    }

    /// The raw-table gate over what the build read; on failure the outliers are counted in a second
    /// read for the printed report, and nothing is published.
    private func judgeRawTables(
        _ stream: StoreCustomerTableStream, _ statistics: RawTableStatistics, store: ChurnStore, subject: String,
        output: FeatureTableOutput
    ) async throws {
        Self.printSkipped(stream.reports)
        guard !skipQualityGate else { return }
        guard !gate.gate.check(rawReports: stream.reports, statistics: statistics, subject: subject).passed else {
            StandardError.print("raw tables passed the data-quality gate")
            return
        }
        output.remove()
        var counted = statistics
        counted.finishFirstPass(z: gate.gate.thresholds.outlierZ)
        let again = try await StoreCustomerTableStream.open(store: store, chunkCustomers: chunkCustomers)
        while let chunk = try await again.nextChunk() { counted.recount(chunk) }
        try gateRawTables(stream.reports, counted, subject: subject) { _ in }
    }

    private static func day(_ text: String) -> CalendarDay? {
        text.count == 10 ? CalendarDay(text) : nil
    }
}
