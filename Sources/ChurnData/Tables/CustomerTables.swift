/// The six raw tables of a data directory (docs/DATA.md) held in memory as compact columns, with
/// every event table grouped by customer in `customers.csv` order.
///
/// Built for hundreds of thousands of customers and tens of millions of engagement rows: days are
/// `Int32`, daily counts `UInt16`, categories one-byte codes, and each event table keeps an offsets
/// array instead of a customer column. ``history(at:)`` assembles one customer's
/// ``CustomerHistory`` for ``PointInTimeFeatures``. Load with ``load(directory:)``.
public struct CustomerTables: Sendable {
    struct Customers: Sendable {
        var ids = CustomerIDIndex()
        /// Ids whose `customers.csv` row was skipped: their events are not orphans.
        var rejectedIDs = CustomerIDIndex(expectedCount: 16)
        var signupDay: [Int32] = []
        var plan: [UInt8] = []
        var segment: [UInt8] = []
        /// 0 = unknown, else 1 + index into `countries`.
        var country: [UInt16] = []
        var contractType: [UInt8] = []
        var mrr: [Double] = []
        /// Earliest churn day, `Int32.max` when none.
        var churnDay: [Int32] = []
    }

    struct Changes: Sendable {
        var offsets: [Int] = [0]
        var changedAt: [Int64] = []
        var kind: [UInt8] = []
        /// `noCode` when absent.
        var fromPlan: [UInt8] = []
        var toPlan: [UInt8] = []
        /// NaN when absent.
        var mrrBefore: [Double] = []
        var mrrAfter: [Double] = []
        /// `noDay` when absent.
        var contractEnd: [Int32] = []
    }

    struct Payments: Sendable {
        var offsets: [Int] = [0]
        var day: [Int32] = []
        var amount: [Double] = []
        var status: [UInt8] = []
    }

    struct Engagement: Sendable {
        var offsets: [Int] = [0]
        var day: [Int32] = []
        var logins: [UInt16] = []
        var sessions: [UInt16] = []
        var featureEvents: [UInt16] = []
        var crashes: [UInt16] = []
    }

    struct Tickets: Sendable {
        var offsets: [Int] = [0]
        var openedAt: [Int64] = []
        /// `noTime` while open.
        var resolvedAt: [Int64] = []
        var issueType: [UInt8] = []
        /// NaN when not scored.
        var sentiment: [Double] = []
    }

    static let noCode = UInt8.max
    static let noDay = Int32.min
    static let noTime = Int64.min

    var customers = Customers()
    var changes = Changes()
    var payments = Payments()
    var engagement = Engagement()
    var tickets = Tickets()

    /// Distinct countries of `customers.csv`, sorted.
    public internal(set) var countries: [String] = []
    /// One report per table, in docs/DATA.md order.
    public internal(set) var reports: [RawTableReport] = []
    /// `manifest.json`, when the directory has one.
    public internal(set) var manifest: DataManifest?
    /// Earliest signup or event day seen (nil without any rows).
    public internal(set) var firstDay: CalendarDay?
    /// Latest event day seen, resolutions and churns included.
    public internal(set) var lastDay: CalendarDay?

    public var customerCount: Int { customers.signupDay.count }

    public func customerID(at index: Int) -> String { customers.ids.id(at: index) }

    /// The first day of the data: the manifest's `start`, else the earliest day seen.
    public var dataStart: CalendarDay? { manifest?.start ?? firstDay }

    /// The first day after the data: the manifest's `end`, else the day after the latest event.
    public var dataEnd: CalendarDay? { manifest?.end ?? lastDay?.adding(days: 1) }

    /// Customer `index` (0-based, `customers.csv` order) with all of their events.
    public func history(at index: Int) -> CustomerHistory {
        let plans = CustomerHistory.Plan.allCases
        let c = customers
        var changeList: [SubscriptionChange] = []
        let changeRange = changes.offsets[index]..<changes.offsets[index + 1]
        changeList.reserveCapacity(changeRange.count)
        for row in changeRange {
            changeList.append(SubscriptionChange(
                changedAt: changes.changedAt[row],
                kind: SubscriptionChange.Kind.allCases[Int(changes.kind[row])],
                fromPlan: changes.fromPlan[row] == Self.noCode ? nil : plans[Int(changes.fromPlan[row])],
                toPlan: changes.toPlan[row] == Self.noCode ? nil : plans[Int(changes.toPlan[row])],
                mrrBefore: changes.mrrBefore[row].isNaN ? nil : changes.mrrBefore[row],
                mrrAfter: changes.mrrAfter[row].isNaN ? nil : changes.mrrAfter[row],
                contractEnd: changes.contractEnd[row] == Self.noDay ? nil : CalendarDay(daysSinceEpoch: Int(changes.contractEnd[row]))))
        }
        var paymentList: [Payment] = []
        let paymentRange = payments.offsets[index]..<payments.offsets[index + 1]
        paymentList.reserveCapacity(paymentRange.count)
        for row in paymentRange {
            paymentList.append(Payment(
                day: CalendarDay(daysSinceEpoch: Int(payments.day[row])), amount: payments.amount[row],
                status: Payment.Status.allCases[Int(payments.status[row])]))
        }
        var days: [EngagementDay] = []
        let dayRange = engagement.offsets[index]..<engagement.offsets[index + 1]
        days.reserveCapacity(dayRange.count)
        for row in dayRange {
            days.append(EngagementDay(
                day: CalendarDay(daysSinceEpoch: Int(engagement.day[row])), logins: Int(engagement.logins[row]),
                sessions: Int(engagement.sessions[row]), featureEvents: Int(engagement.featureEvents[row]),
                crashes: Int(engagement.crashes[row])))
        }
        var ticketList: [SupportTicket] = []
        let ticketRange = tickets.offsets[index]..<tickets.offsets[index + 1]
        ticketList.reserveCapacity(ticketRange.count)
        for row in ticketRange {
            ticketList.append(SupportTicket(
                openedAt: tickets.openedAt[row],
                resolvedAt: tickets.resolvedAt[row] == Self.noTime ? nil : tickets.resolvedAt[row],
                issueType: SupportTicket.IssueType.allCases[Int(tickets.issueType[row])],
                sentiment: tickets.sentiment[row].isNaN ? nil : tickets.sentiment[row]))
        }
        let country = c.country[index]
        return CustomerHistory(
            customerID: c.ids.id(at: index),
            signupDay: CalendarDay(daysSinceEpoch: Int(c.signupDay[index])),
            plan: plans[Int(c.plan[index])],
            segment: CustomerHistory.Segment.allCases[Int(c.segment[index])],
            country: country == 0 ? nil : countries[Int(country) - 1],
            contractType: CustomerHistory.ContractType.allCases[Int(c.contractType[index])],
            signupMRR: c.mrr[index],
            subscriptionChanges: changeList, payments: paymentList, engagement: days, tickets: ticketList,
            churnDay: c.churnDay[index] == Int32.max ? nil : CalendarDay(daysSinceEpoch: Int(c.churnDay[index])))
    }
}
