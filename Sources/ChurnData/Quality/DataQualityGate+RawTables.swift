extension DataQualityGate {
    /// Checks the raw tables as loaded: completeness and validity of every column from the load
    /// reports (a malformed CSV record counts as an invalid `(record)`), plus outlier shares of the
    /// numeric columns. Raw amounts and daily counts are heavy-tailed by nature, so their outlier
    /// shares are reported, not enforced; the feature table is where they are judged.
    public func check(raw tables: CustomerTables, subject: String = "raw tables") -> DataQualityReport {
        var checks: [ColumnCheck] = []
        var examples: [String] = []
        for report in tables.reports {
            examples.append(contentsOf: report.examples.prefix(3).map(\.description))
            var record = ColumnCheck(table: report.file, column: "(record)", required: true, numeric: false, enforceOutliers: false)
            record.rows = report.rows
            record.invalid = report.malformedRecords
            checks.append(record)
            for column in report.columns {
                var check = ColumnCheck(table: report.file, column: column.name, required: column.required, numeric: false, enforceOutliers: false)
                if let values = numericColumn(tables, file: report.file, column: column.name) {
                    check = ColumnCheck(table: report.file, column: column.name, required: column.required, numeric: true, enforceOutliers: false)
                    values { check.accumulate($0) }
                    check.finishFirstPass(z: thresholds.outlierZ)
                    values { check.recount($0) }
                }
                check.rows = report.rows
                check.missing = column.present ? column.missing : report.rows
                check.invalid = column.invalid
                checks.append(check)
            }
        }
        return report(subject: subject, checks: checks, examples: examples)
    }

    /// The stored values of a numeric raw column, as a visitor (missing values skipped).
    private func numericColumn(_ tables: CustomerTables, file: String, column: String) -> (((Double) -> Void) -> Void)? {
        func visit<Value>(_ values: [Value], _ convert: @escaping (Value) -> Double) -> ((Double) -> Void) -> Void {
            { body in for value in values { let number = convert(value); if !number.isNaN { body(number) } } }
        }
        switch (file, column) {
        case ("customers.csv", "mrr"): return visit(tables.customers.mrr) { $0 }
        case ("subscription_changes.csv", "mrr_before"): return visit(tables.changes.mrrBefore) { $0 }
        case ("subscription_changes.csv", "mrr_after"): return visit(tables.changes.mrrAfter) { $0 }
        case ("transactions.csv", "amount"): return visit(tables.payments.amount) { $0 }
        case ("engagement_daily.csv", "logins"): return visit(tables.engagement.logins) { Double($0) }
        case ("engagement_daily.csv", "sessions"): return visit(tables.engagement.sessions) { Double($0) }
        case ("engagement_daily.csv", "feature_events"): return visit(tables.engagement.featureEvents) { Double($0) }
        case ("engagement_daily.csv", "crashes"): return visit(tables.engagement.crashes) { Double($0) }
        case ("support_tickets.csv", "sentiment"): return visit(tables.tickets.sentiment) { $0 }
        default: return nil
        }
    }
}
