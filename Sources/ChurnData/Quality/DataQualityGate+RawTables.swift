extension DataQualityGate {
    /// Checks the raw tables as loaded: completeness and validity of every column from the load
    /// reports (a malformed CSV record counts as an invalid `(record)`), plus outlier shares of the
    /// numeric columns. Raw amounts and daily counts are heavy-tailed by nature, so their outlier
    /// shares are reported, not enforced; the feature table is where they are judged.
    public func check(raw tables: CustomerTables, subject: String = "raw tables") -> DataQualityReport {
        var statistics = RawTableStatistics()
        statistics.accumulate(tables)
        statistics.finishFirstPass(z: thresholds.outlierZ)
        statistics.recount(tables)
        return check(rawReports: tables.reports, statistics: statistics, subject: subject)
    }

    /// The same check from the load reports and the numeric statistics gathered chunk by chunk
    /// (a streaming build). Raw outliers never fail the gate, so statistics whose second pass has
    /// not run yet give the same verdict, with outlier counts of zero.
    public func check(rawReports: [RawTableReport], statistics: RawTableStatistics, subject: String = "raw tables") -> DataQualityReport {
        var checks: [ColumnCheck] = []
        var examples: [String] = []
        for report in rawReports {
            examples.append(contentsOf: report.examples.prefix(3).map(\.description))
            var record = ColumnCheck(table: report.file, column: "(record)", required: true, numeric: false, enforceOutliers: false)
            record.rows = report.rows
            record.invalid = report.malformedRecords
            checks.append(record)
            for column in report.columns {
                var check = statistics.check(file: report.file, column: column.name)
                    ?? ColumnCheck(table: report.file, column: column.name, required: column.required, numeric: false, enforceOutliers: false)
                check.required = column.required
                check.rows = report.rows
                check.missing = column.present ? column.missing : report.rows
                check.invalid = column.invalid
                checks.append(check)
            }
        }
        return report(subject: subject, checks: checks, examples: examples)
    }
}
