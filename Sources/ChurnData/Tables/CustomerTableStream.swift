import Foundation

/// Reads the raw tables of a data directory a chunk of customers at a time, so that memory holds
/// the customers (a few dozen bytes each) and one chunk's events, however long the event tables are.
///
/// `customers.csv` and `churn_events.csv` are read whole when the stream opens; the four event
/// tables are read block by block (``CSVBlockReader``) as chunks need them. That works when each
/// event table lists customers in `customers.csv` order, as `churnguard generate` writes them
/// (within a customer, rows may come in any order); otherwise ``nextChunk()`` throws
/// ``RawTableError/notInCustomerOrder(file:customerID:)`` and the caller falls back to
/// ``CustomerTables/load(directory:progress:)``. Each chunk is a ``CustomerTables`` of its own
/// customers, with the countries of the whole data; ``reports`` and the day bounds are complete
/// once the last chunk was taken.
public final class CustomerTableStream {
    public let directory: String
    public let manifest: DataManifest?
    public let chunkCustomers: Int
    private let assembler: CustomerTableAssembler
    private var files: [RawTable: CSVBlockReader] = [:]
    private var exhausted: Set<RawTable> = []
    private var finished = false

    /// Opens the directory and reads its customers and churn events.
    public init(directory: String, chunkCustomers: Int = 8192, blockBytes: Int = 4 << 20) throws {
        self.directory = directory
        self.chunkCustomers = max(1, chunkCustomers)
        manifest = try DataManifest.read(directory: directory)
        assembler = CustomerTableAssembler(directory: directory)
        for table in [RawTable.customers, .churnEvents] {
            try assembler.scanners[table.rawValue].scan { assembler.decode(table, $0) }
            if table == .customers { assembler.finishCustomers() }
        }
        for table in RawTable.events {
            files[table] = try assembler.scanners[table.rawValue].openFile()
        }
    }

    public var customerCount: Int { assembler.customerCount }

    /// Distinct countries of `customers.csv`, sorted.
    public var countries: [String] { assembler.countries }

    /// One report per table, in docs/DATA.md order; complete after the last chunk.
    public var reports: [RawTableReport] { assembler.reports }

    /// The first day of the data: the manifest's `start`, else the earliest day seen so far.
    public var dataStart: CalendarDay? { manifest?.start ?? assembler.firstDay }

    /// The first day after the data: the manifest's `end`, else the day after the latest event seen so far.
    public var dataEnd: CalendarDay? { manifest?.end ?? assembler.lastDay?.adding(days: 1) }

    /// True when the manifest fixes both ends of the data, so that labels and monthly snapshot dates
    /// are known before the event tables are read.
    public var boundsKnownUpFront: Bool { manifest?.start != nil && manifest?.end != nil }

    /// The next chunk of customers with their events, or nil after the last one. There is always at
    /// least one chunk (empty without customers), so that every event row is read and reported.
    public func nextChunk() throws -> CustomerTables? {
        guard !finished else { return nil }
        let end = min(customerCount, assembler.nextCustomer + chunkCustomers)
        let last = end >= customerCount
        for table in RawTable.events {
            try read(table, until: last ? nil : Int32(end))
        }
        let chunk = try assembler.takeChunk(upTo: end)
        if last { finished = true }
        return chunk
    }

    /// Reads blocks of `table` until a row of a customer at or after `end` is pending (nil: to the end).
    private func read(_ table: RawTable, until end: Int32?) throws {
        guard let file = files[table], !exhausted.contains(table) else { return }
        let scanner = assembler.scanners[table.rawValue]
        while true {
            if let end, let owner = assembler.lastPendingOwner(table), owner >= end { return }
            let more = try scanner.scanBlock(of: file) { assembler.decode(table, $0) }
            if !more {
                try scanner.finishFile()
                exhausted.insert(table)
                files[table] = nil
                return
            }
        }
    }
}
