import Foundation

/// Turns raw rows into ``CustomerTables``: every customer first, then the event rows, taken out
/// customer chunk by customer chunk, so that only one chunk's events are held at a time.
///
/// Rows come from the CSV files of a data directory (``CustomerTables/load(directory:progress:)``
/// takes the whole table as one chunk, ``CustomerTableStream`` a chunk at a time) or from the
/// store's `raw_*` tables (`churnguard features --from-store`), and every origin goes through the
/// same decoders: the same cells are accepted, rejected and counted into the same
/// ``RawTableReport``s, so both paths build the same features and face the same quality gate.
/// Customer-level rows (customers, churn events) are kept whole: a few dozen bytes per customer.
public final class CustomerTableAssembler {
    struct Pending<Columns: EventColumns> {
        var columns = Columns()
        /// The customer (index into `customers`) of each row.
        var owners: [Int32] = []
    }

    private var customers = CustomerTables.Customers()
    private var countryCodes: [String: UInt16] = [:]
    private var countryNames: [String] = []
    public private(set) var countries: [String] = []
    let scanners: [RawTableScanner]
    private var bounds = CustomerTables.DayBounds()
    private var changes = Pending<CustomerTables.Changes>()
    private var payments = Pending<CustomerTables.Payments>()
    private var engagement = Pending<CustomerTables.Engagement>()
    private var tickets = Pending<CustomerTables.Tickets>()
    /// The first customer no chunk has taken yet.
    public private(set) var nextCustomer = 0
    // Consecutive engagement rows usually share a customer: compare bytes before hashing.
    private var lastEngagementID: [UInt8] = []
    private var lastEngagementCustomer: Int32 = -1

    /// - Parameters:
    ///   - directory: where the CSV files are (unused for rows given as cells).
    ///   - sources: what issues name as each table's origin, when not its file (database tables).
    init(directory: String, sources: [RawTable: String] = [:]) {
        scanners = RawTable.allCases.map { table in
            RawTableScanner(directory: directory, file: table.fileName, source: sources[table], columns: table.columns)
        }
    }

    /// For rows that come as cells (a database's `raw_*` tables): `headers` names the cells of each
    /// table in the order they will be given, `keys` the columns that identify a row in issues, and
    /// `sources` what issues call each table.
    public convenience init(headers: [RawTable: [String]], keys: [RawTable: [String]], sources: [RawTable: String]) throws {
        self.init(directory: "", sources: sources)
        for table in RawTable.allCases {
            let header = headers[table] ?? []
            try scanners[table.rawValue].begin(header: header)
            let positions = (keys[table] ?? []).compactMap { key in header.firstIndex(of: key).map { (key, $0) } }
            scanners[table.rawValue].rowPlace = { [unowned self] in
                let cells = self.currentCells
                let parts = positions.map { key, position in "\(key)=\(position < cells.count ? cells[position] ?? "" : "")" }
                return "row \(parts.joined(separator: ", "))"
            }
        }
    }

    /// The cells of the row being decoded by ``add(_:cells:)``, for locating its issues.
    private var currentCells: [String?] = []

    public var customerCount: Int { customers.signupDay.count }

    public func customerID(at index: Int) -> String { customers.ids.id(at: index) }

    /// One report per table, in docs/DATA.md order; complete once every row was given.
    public var reports: [RawTableReport] { scanners.map(\.report) }

    /// Earliest signup or event day seen so far.
    public var firstDay: CalendarDay? { bounds.first.map { CalendarDay(daysSinceEpoch: Int($0)) } }
    /// Latest event day seen so far, resolutions and churns included.
    public var lastDay: CalendarDay? { bounds.last.map { CalendarDay(daysSinceEpoch: Int($0)) } }

    /// Events still waiting for their chunk.
    var pendingRows: Int { changes.owners.count + payments.owners.count + engagement.owners.count + tickets.owners.count }

    /// The customer of the last event of `table` waiting for its chunk.
    func lastPendingOwner(_ table: RawTable) -> Int32? {
        switch table {
        case .subscriptionChanges: return changes.owners.last
        case .transactions: return payments.owners.last
        case .engagementDaily: return engagement.owners.last
        case .supportTickets: return tickets.owners.last
        case .customers, .churnEvents: return nil
        }
    }

    // MARK: Rows given as cells

    /// One row of `table`, its cells in the order of the header given at ``init(headers:keys:sources:)``.
    public func add(_ table: RawTable, cells: [String?]) {
        currentCells = cells
        CSVRow.withCells(cells, line: 0) { row in
            scanners[table.rawValue].process(row) { decode(table, $0) }
        }
    }

    /// Decodes one data row of `table`, which its scanner counts (``RawTableScanner/process(_:_:)``).
    func decode(_ table: RawTable, _ row: CSVRow) {
        let scanner = scanners[table.rawValue]
        switch table {
        case .customers: decodeCustomer(scanner, row)
        case .subscriptionChanges: decodeChange(scanner, row)
        case .transactions: decodePayment(scanner, row)
        case .engagementDaily: decodeEngagement(scanner, row)
        case .supportTickets: decodeTicket(scanner, row)
        case .churnEvents: decodeChurn(scanner, row)
        }
    }

    // MARK: Chunks

    /// The customers `nextCustomer ..< end` with the events given for them so far, grouped by
    /// customer and time; events of later customers stay for later chunks.
    ///
    /// Throws ``RawTableError/notInCustomerOrder(file:customerID:)`` when an event of a customer of
    /// an earlier chunk arrives after that chunk was taken: the rows were not in customer order.
    public func takeChunk(upTo end: Int) throws -> CustomerTables {
        let range = nextCustomer..<max(nextCustomer, min(end, customerCount))
        var tables = CustomerTables()
        tables.changes = try take(&changes, .subscriptionChanges, range)
        tables.payments = try take(&payments, .transactions, range)
        tables.engagement = try take(&engagement, .engagementDaily, range)
        tables.tickets = try take(&tickets, .supportTickets, range)
        tables.customers = customerSlice(range)
        tables.countries = countries
        tables.firstDay = firstDay
        tables.lastDay = lastDay
        nextCustomer = range.upperBound
        return tables
    }

    private func take<Columns: EventColumns>(_ pending: inout Pending<Columns>, _ table: RawTable, _ range: Range<Int>) throws -> Columns {
        let end = Int32(range.upperBound)
        let start = Int32(range.lowerBound)
        var count = 0
        while count < pending.owners.count, pending.owners[count] < end {
            if pending.owners[count] < start {
                throw RawTableError.notInCustomerOrder(
                    file: table.fileName, customerID: customerID(at: Int(pending.owners[count])))
            }
            count += 1
        }
        var local: [Int32]
        if count == pending.owners.count {
            local = pending.owners
            pending.owners = []
        } else {
            local = Array(pending.owners[0..<count])
            pending.owners.removeFirst(count)
        }
        if start > 0 {
            for index in local.indices { local[index] -= start }
        }
        let grouping = RowGrouping(customers: local, customerCount: range.count) { pending.columns.time($0) }
        local = []
        var taken = pending.columns.takeFirst(count, grouping: grouping)
        taken.offsets = grouping.offsets
        return taken
    }

    private func customerSlice(_ range: Range<Int>) -> CustomerTables.Customers {
        if range == 0..<customerCount { return customers }
        var slice = CustomerTables.Customers()
        slice.ids = CustomerIDIndex(expectedCount: range.count)
        for index in range {
            var id = customers.ids.id(at: index)
            _ = id.withUTF8 { slice.ids.insert($0) }
        }
        slice.signupDay = Array(customers.signupDay[range])
        slice.plan = Array(customers.plan[range])
        slice.segment = Array(customers.segment[range])
        slice.country = Array(customers.country[range])
        slice.contractType = Array(customers.contractType[range])
        slice.mrr = Array(customers.mrr[range])
        slice.churnDay = Array(customers.churnDay[range])
        return slice
    }

    // MARK: Decoders

    private static let plans = CustomerHistory.Plan.allCases.map(\.rawValue)
    private static let segments = CustomerHistory.Segment.allCases.map(\.rawValue)
    private static let contracts = CustomerHistory.ContractType.allCases.map(\.rawValue)
    private static let kinds = SubscriptionChange.Kind.allCases.map(\.rawValue)
    private static let statuses = Payment.Status.allCases.map(\.rawValue)
    private static let issueTypes = SupportTicket.IssueType.allCases.map(\.rawValue)
    private static let money = 0...Double.greatestFiniteMagnitude

    /// The customer of the row's `customer_id` cell (column 0), or nil (counted) when unknown.
    private func customer(_ scanner: RawTableScanner, _ row: CSVRow) -> Int32? {
        guard let field = scanner.cell(row, 0) else { return nil }
        guard let index = customers.ids.index(of: field.bytes) else {
            rejectUnknown(scanner, row, field)
            return nil
        }
        return index
    }

    /// Events of a customer whose own row was rejected are skipped quietly (that row is the problem,
    /// already reported); any other unknown id is an invalid cell.
    private func rejectUnknown(_ scanner: RawTableScanner, _ row: CSVRow, _ field: CSVField) {
        if customers.rejectedIDs.index(of: field.bytes) != nil {
            scanner.skipRowOfRejectedCustomer()
        } else {
            scanner.reject(row, 0, "is not a customer_id of customers.csv")
        }
    }

    private func decodeCustomer(_ scanner: RawTableScanner, _ row: CSVRow) {
        let id = scanner.cell(row, 0)
        let signup = scanner.day(row, 1)
        let plan = scanner.code(row, 2, Self.plans)
        let segment = scanner.code(row, 3, Self.segments)
        var country: UInt16 = 0
        if let field = scanner.cell(row, 4) {
            let bytes = field.bytes
            if bytes.count == 2, bytes.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
                let name = field.string
                if let code = countryCodes[name] {
                    country = code
                } else {
                    countryNames.append(name)
                    country = UInt16(countryNames.count)
                    countryCodes[name] = country
                }
            } else {
                scanner.reject(row, 4, "is not an ISO 3166 alpha-2 code (two capital letters)")
            }
        }
        let contract = scanner.code(row, 5, Self.contracts)
        _ = scanner.day(row, 6)
        let mrr = scanner.number(row, 7, range: Self.money)
        guard let id, let signup, let plan, let segment, let contract, let mrr, !scanner.rowIsSkipped else {
            if let id, customers.ids.index(of: id.bytes) == nil { _ = customers.rejectedIDs.insert(id.bytes) }
            return
        }
        guard customers.ids.insert(id.bytes) != nil else {
            scanner.reject(row, 0, "appears twice; the first row is kept")
            return
        }
        bounds.see(signup)
        customers.signupDay.append(signup)
        customers.plan.append(plan)
        customers.segment.append(segment)
        customers.country.append(country)
        customers.contractType.append(contract)
        customers.mrr.append(mrr)
        customers.churnDay.append(Int32.max)
    }

    /// Call after the last customer row: country codes follow first appearance, and are renumbered
    /// in sorted order so that the tables are the same whatever the row order.
    public func finishCustomers() {
        let sorted = countryNames.sorted()
        var renumber = [UInt16](repeating: 0, count: countryNames.count + 1)
        for (position, name) in sorted.enumerated() { renumber[Int(countryCodes[name]!)] = UInt16(position + 1) }
        customers.country = customers.country.map { renumber[Int($0)] }
        countries = sorted
    }

    private func decodeChange(_ scanner: RawTableScanner, _ row: CSVRow) {
        let customer = customer(scanner, row)
        let at = scanner.timestamp(row, 1)
        let kind = scanner.code(row, 2, Self.kinds)
        let from = scanner.code(row, 3, Self.plans)
        let to = scanner.code(row, 4, Self.plans)
        let before = scanner.number(row, 5, range: Self.money)
        let after = scanner.number(row, 6, range: Self.money)
        let end = scanner.day(row, 7)
        guard let customer, let at, let kind, !scanner.rowIsSkipped else { return }
        bounds.see(RawTimestamp.day(ofSeconds: at))
        changes.owners.append(customer)
        changes.columns.changedAt.append(at)
        changes.columns.kind.append(kind)
        changes.columns.fromPlan.append(from ?? CustomerTables.noCode)
        changes.columns.toPlan.append(to ?? CustomerTables.noCode)
        changes.columns.mrrBefore.append(before ?? .nan)
        changes.columns.mrrAfter.append(after ?? .nan)
        changes.columns.contractEnd.append(end ?? CustomerTables.noDay)
    }

    private func decodePayment(_ scanner: RawTableScanner, _ row: CSVRow) {
        let customer = customer(scanner, row)
        let at = scanner.timestamp(row, 1)
        let amount = scanner.number(row, 2, range: Self.money)
        let status = scanner.code(row, 3, Self.statuses)
        guard let customer, let at, let amount, let status, !scanner.rowIsSkipped else { return }
        let day = RawTimestamp.day(ofSeconds: at)
        bounds.see(day)
        payments.owners.append(customer)
        payments.columns.day.append(day)
        payments.columns.amount.append(amount)
        payments.columns.status.append(status)
    }

    private func decodeEngagement(_ scanner: RawTableScanner, _ row: CSVRow) {
        var customer: Int32?
        if let field = scanner.cell(row, 0) {
            let count = lastEngagementID.count
            if lastEngagementCustomer >= 0, field.bytes.count == count,
                lastEngagementID.withUnsafeBytes({ memcmp($0.baseAddress!, field.bytes.baseAddress!, count) == 0 }) {
                customer = lastEngagementCustomer
            } else if let index = customers.ids.index(of: field.bytes) {
                customer = index
                lastEngagementCustomer = index
                lastEngagementID = Array(field.bytes)
            } else {
                rejectUnknown(scanner, row, field)
            }
        }
        let day = scanner.day(row, 1)
        let logins = scanner.count(row, 2)
        let sessions = scanner.count(row, 3)
        let events = scanner.count(row, 4)
        let crashes = scanner.count(row, 5)
        guard let customer, let day, let logins, let sessions, let events, let crashes, !scanner.rowIsSkipped else { return }
        bounds.see(day)
        engagement.owners.append(customer)
        engagement.columns.day.append(day)
        engagement.columns.logins.append(logins)
        engagement.columns.sessions.append(sessions)
        engagement.columns.featureEvents.append(events)
        engagement.columns.crashes.append(crashes)
    }

    private func decodeTicket(_ scanner: RawTableScanner, _ row: CSVRow) {
        let customer = customer(scanner, row)
        let opened = scanner.timestamp(row, 1)
        var resolved = scanner.timestamp(row, 2)
        let issue = scanner.code(row, 3, Self.issueTypes)
        let sentiment = scanner.number(row, 4, range: -1...1)
        guard let customer, let opened, let issue, !scanner.rowIsSkipped else { return }
        if let end = resolved, end < opened {
            scanner.reject(row, 2, "is before opened_at; the ticket is read as still open")
            resolved = nil
        }
        bounds.see(RawTimestamp.day(ofSeconds: opened))
        if let resolved { bounds.see(RawTimestamp.day(ofSeconds: resolved)) }
        tickets.owners.append(customer)
        tickets.columns.openedAt.append(opened)
        tickets.columns.resolvedAt.append(resolved ?? CustomerTables.noTime)
        tickets.columns.issueType.append(issue)
        tickets.columns.sentiment.append(sentiment ?? .nan)
    }

    private func decodeChurn(_ scanner: RawTableScanner, _ row: CSVRow) {
        let customer = customer(scanner, row)
        let at = scanner.timestamp(row, 1)
        guard let customer, let at, !scanner.rowIsSkipped else { return }
        let day = RawTimestamp.day(ofSeconds: at)
        bounds.see(day)
        customers.churnDay[Int(customer)] = min(customers.churnDay[Int(customer)], day)
    }
}
