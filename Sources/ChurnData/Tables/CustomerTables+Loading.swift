import Foundation

extension CustomerTables {
    /// The raw tables of docs/DATA.md, in the order they are loaded and reported.
    public static let fileNames = [
        "customers.csv", "subscription_changes.csv", "transactions.csv",
        "engagement_daily.csv", "support_tickets.csv", "churn_events.csv",
    ]

    /// Reads the six tables (and `manifest.json`, if present) of `directory` into memory.
    ///
    /// Rows may come in any order. A row whose required cells are missing or unreadable, or whose
    /// customer is not in `customers.csv`, is skipped and counted in ``reports``; run the
    /// ``DataQualityGate`` on the result before trusting it. Throws only when a file or a required
    /// column is missing. Memory grows with the data; ``CustomerTableStream`` reads a chunk of
    /// customers at a time instead.
    /// - Parameter progress: called after each table with its file name and row count.
    public static func load(directory: String, progress: (String, Int) -> Void = { _, _ in }) throws -> CustomerTables {
        let manifest = try DataManifest.read(directory: directory)
        let assembler = CustomerTableAssembler(directory: directory)
        for table in RawTable.allCases {
            let scanner = assembler.scanners[table.rawValue]
            try scanner.scan { assembler.decode(table, $0) }
            if table == .customers { assembler.finishCustomers() }
            progress(table.fileName, scanner.report.rows)
        }
        var tables = try assembler.takeChunk(upTo: assembler.customerCount)
        tables.reports = assembler.reports
        tables.manifest = manifest
        return tables
    }

    /// Earliest and latest day seen while loading.
    struct DayBounds {
        var first: Int32?
        var last: Int32?

        mutating func see(_ day: Int32) {
            if first.map({ day < $0 }) ?? true { first = day }
            if last.map({ day > $0 }) ?? true { last = day }
        }
    }
}
