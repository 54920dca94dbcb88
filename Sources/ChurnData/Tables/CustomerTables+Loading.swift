import Foundation

extension CustomerTables {
    /// The raw tables of docs/DATA.md, in the order they are loaded and reported.
    public static let fileNames = [
        "customers.csv", "subscription_changes.csv", "transactions.csv",
        "engagement_daily.csv", "support_tickets.csv", "churn_events.csv",
    ]

    /// Reads the six tables (and `manifest.json`, if present) of `directory`.
    ///
    /// Rows may come in any order. A row whose required cells are missing or unreadable, or whose
    /// customer is not in `customers.csv`, is skipped and counted in ``reports``; run the
    /// ``DataQualityGate`` on the result before trusting it. Throws only when a file or a required
    /// column is missing.
    /// - Parameter progress: called after each table with its file name and row count.
    public static func load(directory: String, progress: (String, Int) -> Void = { _, _ in }) throws -> CustomerTables {
        var tables = CustomerTables()
        tables.manifest = try DataManifest.read(directory: directory)
        var bounds = DayBounds()
        for file in fileNames {
            let scanner: RawTableScanner
            switch file {
            case "customers.csv": scanner = try tables.loadCustomers(directory, &bounds)
            case "subscription_changes.csv": scanner = try tables.loadChanges(directory, &bounds)
            case "transactions.csv": scanner = try tables.loadPayments(directory, &bounds)
            case "engagement_daily.csv": scanner = try tables.loadEngagement(directory, &bounds)
            case "support_tickets.csv": scanner = try tables.loadTickets(directory, &bounds)
            default: scanner = try tables.loadChurn(directory, &bounds)
            }
            tables.reports.append(scanner.report)
            progress(file, scanner.report.rows)
        }
        tables.firstDay = bounds.first.map { CalendarDay(daysSinceEpoch: Int($0)) }
        tables.lastDay = bounds.last.map { CalendarDay(daysSinceEpoch: Int($0)) }
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

    private static let plans = CustomerHistory.Plan.allCases.map(\.rawValue)

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

    private mutating func loadCustomers(_ directory: String, _ bounds: inout DayBounds) throws -> RawTableScanner {
        let scanner = RawTableScanner(directory: directory, file: "customers.csv", columns: [
            ("customer_id", true), ("signup_date", true), ("plan", true), ("segment", true),
            ("country", false), ("contract_type", true), ("contract_end", false), ("mrr", true),
        ])
        let segments = CustomerHistory.Segment.allCases.map(\.rawValue)
        let contracts = CustomerHistory.ContractType.allCases.map(\.rawValue)
        var countryCodes: [String: UInt16] = [:]
        var countryNames: [String] = []
        try scanner.scan { row in
            let id = scanner.cell(row, 0)
            let signup = scanner.day(row, 1)
            let plan = scanner.code(row, 2, Self.plans)
            let segment = scanner.code(row, 3, segments)
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
            let contract = scanner.code(row, 5, contracts)
            _ = scanner.day(row, 6)
            let mrr = scanner.number(row, 7, range: 0...Double.greatestFiniteMagnitude)
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
        // Country codes follow first appearance; renumber them in sorted order so the table is
        // the same whatever the row order.
        let sorted = countryNames.sorted()
        var renumber = [UInt16](repeating: 0, count: countryNames.count + 1)
        for (position, name) in sorted.enumerated() { renumber[Int(countryCodes[name]!)] = UInt16(position + 1) }
        customers.country = customers.country.map { renumber[Int($0)] }
        countries = sorted
        return scanner
    }

    private mutating func loadChanges(_ directory: String, _ bounds: inout DayBounds) throws -> RawTableScanner {
        let scanner = RawTableScanner(directory: directory, file: "subscription_changes.csv", columns: [
            ("customer_id", true), ("changed_at", true), ("change_type", true), ("from_plan", false),
            ("to_plan", false), ("mrr_before", false), ("mrr_after", false), ("contract_end", false),
        ])
        let kinds = SubscriptionChange.Kind.allCases.map(\.rawValue)
        let money = 0...Double.greatestFiniteMagnitude
        var owner: [Int32] = []
        var columns = Changes()
        try scanner.scan { row in
            let customer = customer(scanner, row)
            let at = scanner.timestamp(row, 1)
            let kind = scanner.code(row, 2, kinds)
            let from = scanner.code(row, 3, Self.plans)
            let to = scanner.code(row, 4, Self.plans)
            let before = scanner.number(row, 5, range: money)
            let after = scanner.number(row, 6, range: money)
            let end = scanner.day(row, 7)
            guard let customer, let at, let kind, !scanner.rowIsSkipped else { return }
            bounds.see(RawTimestamp.day(ofSeconds: at))
            owner.append(customer)
            columns.changedAt.append(at)
            columns.kind.append(kind)
            columns.fromPlan.append(from ?? Self.noCode)
            columns.toPlan.append(to ?? Self.noCode)
            columns.mrrBefore.append(before ?? .nan)
            columns.mrrAfter.append(after ?? .nan)
            columns.contractEnd.append(end ?? Self.noDay)
        }
        let grouping = RowGrouping(customers: owner, customerCount: customerCount) { columns.changedAt[$0] }
        changes.offsets = grouping.offsets
        changes.changedAt = grouping.apply(columns.changedAt)
        changes.kind = grouping.apply(columns.kind)
        changes.fromPlan = grouping.apply(columns.fromPlan)
        changes.toPlan = grouping.apply(columns.toPlan)
        changes.mrrBefore = grouping.apply(columns.mrrBefore)
        changes.mrrAfter = grouping.apply(columns.mrrAfter)
        changes.contractEnd = grouping.apply(columns.contractEnd)
        return scanner
    }

    private mutating func loadPayments(_ directory: String, _ bounds: inout DayBounds) throws -> RawTableScanner {
        let scanner = RawTableScanner(directory: directory, file: "transactions.csv", columns: [
            ("customer_id", true), ("occurred_at", true), ("amount", true), ("status", true), ("transaction_id", false),
        ])
        let statuses = Payment.Status.allCases.map(\.rawValue)
        var owner: [Int32] = []
        var columns = Payments()
        try scanner.scan { row in
            let customer = customer(scanner, row)
            let at = scanner.timestamp(row, 1)
            let amount = scanner.number(row, 2, range: 0...Double.greatestFiniteMagnitude)
            let status = scanner.code(row, 3, statuses)
            guard let customer, let at, let amount, let status, !scanner.rowIsSkipped else { return }
            let day = RawTimestamp.day(ofSeconds: at)
            bounds.see(day)
            owner.append(customer)
            columns.day.append(day)
            columns.amount.append(amount)
            columns.status.append(status)
        }
        let grouping = RowGrouping(customers: owner, customerCount: customerCount) { Int64(columns.day[$0]) }
        owner = []
        payments.offsets = grouping.offsets
        payments.day = grouping.apply(columns.day)
        payments.amount = grouping.apply(columns.amount)
        payments.status = grouping.apply(columns.status)
        return scanner
    }

    private mutating func loadEngagement(_ directory: String, _ bounds: inout DayBounds) throws -> RawTableScanner {
        let scanner = RawTableScanner(directory: directory, file: "engagement_daily.csv", columns: [
            ("customer_id", true), ("date", true), ("logins", true), ("sessions", true),
            ("feature_events", true), ("crashes", true),
        ])
        var owner: [Int32] = []
        var columns = Engagement()
        // Consecutive rows usually share a customer: compare bytes before hashing.
        var lastID: [UInt8] = []
        var lastCustomer: Int32 = -1
        try scanner.scan { row in
            var customer: Int32?
            if let field = scanner.cell(row, 0) {
                if lastCustomer >= 0, field.bytes.count == lastID.count,
                    lastID.withUnsafeBytes({ memcmp($0.baseAddress!, field.bytes.baseAddress!, lastID.count) == 0 }) {
                    customer = lastCustomer
                } else if let index = customers.ids.index(of: field.bytes) {
                    customer = index
                    lastCustomer = index
                    lastID = Array(field.bytes)
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
            owner.append(customer)
            columns.day.append(day)
            columns.logins.append(logins)
            columns.sessions.append(sessions)
            columns.featureEvents.append(events)
            columns.crashes.append(crashes)
        }
        let grouping = RowGrouping(customers: owner, customerCount: customerCount) { Int64(columns.day[$0]) }
        owner = []
        engagement.offsets = grouping.offsets
        engagement.day = grouping.apply(columns.day)
        columns.day = []
        engagement.logins = grouping.apply(columns.logins)
        columns.logins = []
        engagement.sessions = grouping.apply(columns.sessions)
        columns.sessions = []
        engagement.featureEvents = grouping.apply(columns.featureEvents)
        columns.featureEvents = []
        engagement.crashes = grouping.apply(columns.crashes)
        return scanner
    }

    private mutating func loadTickets(_ directory: String, _ bounds: inout DayBounds) throws -> RawTableScanner {
        let scanner = RawTableScanner(directory: directory, file: "support_tickets.csv", columns: [
            ("customer_id", true), ("opened_at", true), ("resolved_at", false), ("issue_type", true),
            ("sentiment", false), ("ticket_id", false),
        ])
        let issueTypes = SupportTicket.IssueType.allCases.map(\.rawValue)
        var owner: [Int32] = []
        var columns = Tickets()
        try scanner.scan { row in
            let customer = customer(scanner, row)
            let opened = scanner.timestamp(row, 1)
            var resolved = scanner.timestamp(row, 2)
            let issue = scanner.code(row, 3, issueTypes)
            let sentiment = scanner.number(row, 4, range: -1...1)
            guard let customer, let opened, let issue, !scanner.rowIsSkipped else { return }
            if let end = resolved, end < opened {
                scanner.reject(row, 2, "is before opened_at; the ticket is read as still open")
                resolved = nil
            }
            bounds.see(RawTimestamp.day(ofSeconds: opened))
            if let resolved { bounds.see(RawTimestamp.day(ofSeconds: resolved)) }
            owner.append(customer)
            columns.openedAt.append(opened)
            columns.resolvedAt.append(resolved ?? Self.noTime)
            columns.issueType.append(issue)
            columns.sentiment.append(sentiment ?? .nan)
        }
        let grouping = RowGrouping(customers: owner, customerCount: customerCount) { columns.openedAt[$0] }
        tickets.offsets = grouping.offsets
        tickets.openedAt = grouping.apply(columns.openedAt)
        tickets.resolvedAt = grouping.apply(columns.resolvedAt)
        tickets.issueType = grouping.apply(columns.issueType)
        tickets.sentiment = grouping.apply(columns.sentiment)
        return scanner
    }

    private mutating func loadChurn(_ directory: String, _ bounds: inout DayBounds) throws -> RawTableScanner {
        let scanner = RawTableScanner(directory: directory, file: "churn_events.csv", columns: [
            ("customer_id", true), ("churned_at", true), ("reason", false),
        ])
        try scanner.scan { row in
            let customer = customer(scanner, row)
            let at = scanner.timestamp(row, 1)
            guard let customer, let at, !scanner.rowIsSkipped else { return }
            let day = RawTimestamp.day(ofSeconds: at)
            bounds.see(day)
            customers.churnDay[Int(customer)] = min(customers.churnDay[Int(customer)], day)
        }
        return scanner
    }
}
