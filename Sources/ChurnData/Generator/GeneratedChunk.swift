/// The encoded rows of a run of consecutive customers, one byte buffer per raw table.
///
/// Workers fill chunks independently; the writer appends them to the files in chunk order, so the
/// files do not depend on which thread simulated what.
struct GeneratedChunk {
    /// Buffers in ``GeneratedTable`` order.
    var tables: [[UInt8]]
    var rowCounts: [Int]
    var churnedCustomers = 0

    init(expectedCustomers: Int) {
        tables = GeneratedTable.allCases.map { table in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(expectedCustomers * table.expectedBytesPerCustomer)
            return buffer
        }
        rowCounts = Array(repeating: 0, count: GeneratedTable.allCases.count)
    }

    /// Empties the chunk for reuse, keeping its buffers' capacity.
    mutating func clear() {
        for table in tables.indices {
            tables[table].removeAll(keepingCapacity: true)
            rowCounts[table] = 0
        }
        churnedCustomers = 0
    }
}

/// The six raw tables, in docs/DATA.md order, and the offer-response ground truth, with the header the
/// generator writes.
enum GeneratedTable: Int, CaseIterable {
    case customers, subscriptionChanges, transactions, engagement, supportTickets, churnEvents
    /// Ground truth for campaign simulation, not an input table (see ``OfferResponseModel``).
    case offerResponses

    var fileName: String { self == .offerResponses ? "offer_responses.csv" : CustomerTables.fileNames[rawValue] }

    var header: [String] {
        switch self {
        case .customers: return ["customer_id", "signup_date", "plan", "segment", "country", "contract_type", "contract_end", "mrr"]
        case .subscriptionChanges:
            return ["customer_id", "changed_at", "change_type", "from_plan", "to_plan", "mrr_before", "mrr_after", "contract_end"]
        case .transactions: return ["transaction_id", "customer_id", "occurred_at", "amount", "status"]
        case .engagement: return ["customer_id", "date", "logins", "sessions", "feature_events", "crashes"]
        case .supportTickets: return ["ticket_id", "customer_id", "opened_at", "resolved_at", "issue_type", "sentiment"]
        case .churnEvents: return ["customer_id", "churned_at", "reason"]
        case .offerResponses: return OfferResponseModel.header
        }
    }

    /// A first guess for buffer capacity.
    var expectedBytesPerCustomer: Int {
        switch self {
        case .customers: return 90
        case .subscriptionChanges: return 100
        case .transactions: return 900
        case .engagement: return 9000
        case .supportTickets: return 300
        case .churnEvents: return 20
        case .offerResponses: return 60
        }
    }
}
