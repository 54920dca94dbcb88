import ChurnData
import ChurnStore
import Foundation

/// Reads the raw tables `churnguard ingest` stored (`raw_*`) a chunk of customers at a time, into
/// the same ``CustomerTables`` chunks ``CustomerTableStream`` reads from CSV files: the same
/// decoders, reports and point-in-time rules, so `features --from-store` builds what `features
/// --data` builds from the files that were ingested.
///
/// Customers (`raw_customers`, in `customer_id` order) and churn events are read whole when the
/// stream opens; each chunk then reads the four event tables for its range of customer ids. Chunks
/// come in `customer_id` order, so the output lists customers in that order (a CSV build lists them
/// in `customers.csv` order). The store keeps no manifest: the data's first and last days are known
/// only after every event was read.
public final class StoreCustomerTableStream {
    public let chunkCustomers: Int
    private let reader: RawTableReader
    private let assembler: CustomerTableAssembler
    private var finished = false

    /// Rows per page when reading `raw_customers` and `raw_churn_events` whole.
    static let pageRows = 10_000

    public static func open(store: ChurnStore, chunkCustomers: Int = 8192) async throws -> StoreCustomerTableStream {
        let stream = try StoreCustomerTableStream(reader: store.rawTableReader, chunkCustomers: chunkCustomers)
        try await stream.readWhole(.customers)
        stream.assembler.finishCustomers()
        try await stream.readWhole(.churnEvents)
        return stream
    }

    private init(reader: RawTableReader, chunkCustomers: Int) throws {
        self.reader = reader
        self.chunkCustomers = max(1, chunkCustomers)
        var headers: [RawTable: [String]] = [:]
        var keys: [RawTable: [String]] = [:]
        var sources: [RawTable: String] = [:]
        for table in RawTable.allCases {
            let spec = Self.spec(table)
            headers[table] = spec.columns
            keys[table] = spec.key
            sources[table] = spec.table
        }
        assembler = try CustomerTableAssembler(headers: headers, keys: keys, sources: sources)
    }

    static func spec(_ table: RawTable) -> RawTableSpec {
        RawTableSpec.all.first { $0.file == table.fileName }!
    }

    public var customerCount: Int { assembler.customerCount }
    public var countries: [String] { assembler.countries }
    /// One report per table (named by its file in docs/DATA.md), complete after the last chunk.
    public var reports: [RawTableReport] { assembler.reports }
    public var dataStart: CalendarDay? { assembler.firstDay }
    public var dataEnd: CalendarDay? { assembler.lastDay?.adding(days: 1) }

    /// The next chunk, or nil after the last; there is always at least one (empty without customers).
    /// While the caller builds one chunk's features, the next chunk's rows are read: every range is
    /// known once the customers are, and the database's time then overlaps ours.
    public func nextChunk() async throws -> CustomerTables? {
        guard !finished else { return nil }
        let start = assembler.nextCustomer
        let end = min(customerCount, start + chunkCustomers)
        let rows = try await (prefetched ?? eventRows(from: start, to: end)).value
        prefetched = end >= customerCount ? nil : eventRows(from: end, to: min(customerCount, end + chunkCustomers))
        for (table, tableRows) in rows {
            for cells in tableRows { assembler.add(table, cells: cells) }
        }
        if end >= customerCount { finished = true }
        return try assembler.takeChunk(upTo: end)
    }

    /// The read of the next chunk's rows, started when the chunk before it was taken.
    private var prefetched: Task<[(RawTable, [[String?]])], any Error>?

    deinit { prefetched?.cancel() }

    /// Reads the event tables' rows of the customers at positions `start..<end` (in id order).
    private func eventRows(from start: Int, to end: Int) -> Task<[(RawTable, [[String?]])], any Error> {
        let range = CustomerRange(
            after: start == 0 ? nil : assembler.customerID(at: start - 1),
            through: end >= customerCount ? nil : assembler.customerID(at: end - 1))
        return Self.read(RawTable.events.map { ($0, Self.spec($0)) }, customers: range, with: reader)
    }

    /// Static, so the task captures only the reader, the specs and the range (all `Sendable`), not
    /// this stream.
    private static func read(
        _ tables: [(RawTable, RawTableSpec)], customers range: CustomerRange, with reader: RawTableReader
    ) -> Task<[(RawTable, [[String?]])], any Error> {
        Task {
            var rows: [(RawTable, [[String?]])] = []
            for (table, spec) in tables {
                rows.append((table, try await reader.rows(spec, customers: range)))
            }
            return rows
        }
    }

    private func readWhole(_ table: RawTable) async throws {
        let spec = Self.spec(table)
        let keyPositions = spec.key.map { spec.columns.firstIndex(of: $0)! }
        var after: [String]?
        while true {
            let page = try await reader.page(spec, after: after, limit: Self.pageRows)
            for cells in page { assembler.add(table, cells: cells) }
            guard page.count == Self.pageRows, let last = page.last else { return }
            after = keyPositions.map { last[$0] ?? "" }
        }
    }
}
