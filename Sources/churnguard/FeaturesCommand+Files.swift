import ArgumentParser
import ChurnData
import ChurnModel
import Foundation

/// `features --data DIR`: the CSV files, a chunk of customers at a time (``CustomerTableStream``),
/// or whole when an event table is not in customers.csv order.
extension FeaturesCommand {
    func buildFromFiles(directory: String, horizonDays: Int, output: FeatureTableOutput, started: Date) throws -> BuiltFeatureTable {
        try inChunksOrWhole {
            try streamFiles(directory: directory, horizonDays: horizonDays, output: output, started: started)
        } whole: {
            output.remove()
            return try buildInMemory(directory: directory, horizonDays: horizonDays, output: output, started: started)
        }
    }

    /// One pass when `manifest.json` gives the data's start and end (the raw gate is judged after
    /// it, before anything is published); otherwise a first pass finds them and judges the gate.
    private func streamFiles(directory: String, horizonDays: Int, output: FeatureTableOutput, started: Date) throws -> BuiltFeatureTable {
        func open() throws -> CustomerTableStream {
            try CustomerTableStream(directory: directory, chunkCustomers: chunkCustomers)
        }
        var stream = try open()
        StandardError.print("read customers.csv and churn_events.csv: \(stream.customerCount) customers (\(Self.seconds(since: started)))")
        let recount = { (statistics: inout RawTableStatistics) in try statistics.recount(chunksOf: open()) }
        var statistics = RawTableStatistics()
        var gateJudged = skipQualityGate
        if skipQualityGate {
            StandardError.print("warning: --skip-quality-gate: the data-quality gate is NOT run; do not train on this table without checking it")
        }
        var bounds = (start: givenStart ?? stream.dataStart, end: givenEnd ?? stream.dataEnd, countries: stream.countries)
        let boundsKnown = (givenStart != nil || stream.manifest?.start != nil) && (givenEnd != nil || stream.manifest?.end != nil)
        if !boundsKnown {
            StandardError.print("no manifest.json with start and end: a first pass over the event tables finds the data's first and last day")
            while let chunk = try stream.nextChunk() { statistics.accumulate(chunk) }
            Self.printSkipped(stream.reports)
            if !gateJudged {
                try gateRawTables(stream.reports, statistics, subject: directory, recount: recount)
                gateJudged = true
            }
            bounds = (givenStart ?? stream.dataStart, givenEnd ?? stream.dataEnd, stream.countries)
            stream = try open()
        }
        guard let dataEnd = bounds.end else {
            throw ValidationError("\(directory) has no customers or events to build features from")
        }
        let dates = try SnapshotDates.parse(asOf, dataStart: bounds.start, dataEnd: dataEnd)
        let builder = FeatureBuilder(
            asOfDates: dates, labeler: ChurnLabeler(horizonDays: horizonDays, dataEnd: dataEnd), workers: workers)
        announce(customers: stream.customerCount, dates: builder.asOfDates, horizonDays: horizonDays, dataEnd: dataEnd)

        let buildStarted = Date()
        var lastReport = Date()
        let summary: FeatureBuildSummary
        do {
            let writer = try FeatureTableWriter(path: output.partial, schema: PointInTimeFeatures.schema(countries: bounds.countries))
            let total = stream.customerCount
            summary = try builder.build(
                chunks: { try stream.nextChunk() },
                observe: { chunk in if !gateJudged { statistics.accumulate(chunk) } },
                progress: { done in
                    if Date().timeIntervalSince(lastReport) >= 2 || done == total {
                        lastReport = Date()
                        StandardError.print("features: \(done)/\(total) customers (\(Self.seconds(since: started)))")
                    }
                },
                sink: writer.append)
            try writer.finish()
            if !gateJudged {
                Self.printSkipped(stream.reports)
                try gateRawTables(stream.reports, statistics, subject: directory, recount: recount)
            }
        } catch {
            output.remove()
            throw error
        }
        return BuiltFeatureTable(summary: summary, dates: builder.asOfDates.count, buildSeconds: Date().timeIntervalSince(buildStarted))
    }

    /// The tables whole in memory: for event tables in no particular order.
    private func buildInMemory(directory: String, horizonDays: Int, output: FeatureTableOutput, started: Date) throws -> BuiltFeatureTable {
        let tables = try CustomerTables.load(directory: directory) { file, rows in
            StandardError.print("read \(file): \(rows) rows (\(Self.seconds(since: started)))")
        }
        Self.printSkipped(tables.reports)
        if !skipQualityGate {
            try gateRawTables(tables.reports, {
                var statistics = RawTableStatistics()
                statistics.accumulate(tables)
                return statistics
            }(), subject: directory) { statistics in statistics.recount(tables) }
        }
        guard let dataEnd = givenEnd ?? tables.dataEnd else {
            throw ValidationError("\(directory) has no customers or events to build features from")
        }
        let dates = try SnapshotDates.parse(asOf, dataStart: givenStart ?? tables.dataStart, dataEnd: dataEnd)
        let builder = FeatureBuilder(
            asOfDates: dates, labeler: ChurnLabeler(horizonDays: horizonDays, dataEnd: dataEnd), workers: workers)
        announce(customers: tables.customerCount, dates: builder.asOfDates, horizonDays: horizonDays, dataEnd: dataEnd)
        let buildStarted = Date()
        var lastReport = Date()
        let summary: FeatureBuildSummary
        do {
            let writer = try FeatureTableWriter(path: output.partial, schema: PointInTimeFeatures.schema(countries: tables.countries))
            summary = try builder.build(tables: tables, progress: { done, total in
                if Date().timeIntervalSince(lastReport) >= 2 || done == total {
                    lastReport = Date()
                    StandardError.print("features: \(done)/\(total) customers (\(Self.seconds(since: started)))")
                }
            }, sink: writer.append)
            try writer.finish()
        } catch {
            output.remove()
            throw error
        }
        return BuiltFeatureTable(summary: summary, dates: builder.asOfDates.count, buildSeconds: Date().timeIntervalSince(buildStarted))
    }
}
