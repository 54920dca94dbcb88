/// The columns of one event table of ``CustomerTables`` (changes, payments, engagement days,
/// tickets): decoded rows wait here in arrival order until a customer chunk takes them, grouped.
protocol EventColumns: Sendable {
    init()
    var offsets: [Int] { get set }
    var rowCount: Int { get }
    /// The time that orders a customer's rows (seconds or days).
    func time(_ row: Int) -> Int64
    /// The first `count` rows, put in `grouping`'s order; they leave `self`.
    mutating func takeFirst(_ count: Int, grouping: RowGrouping) -> Self
}

extension Array {
    /// The first `count` elements in `grouping`'s order, removed from `self` (the column is freed
    /// as soon as it is moved, so a whole-table take never holds two copies of every column).
    mutating func takeFirst(_ count: Int, grouping: RowGrouping) -> [Element] {
        if count == self.count {
            let all = self
            self = []
            return grouping.apply(all)
        }
        let taken = grouping.apply(Array(self[0..<count]))
        removeFirst(count)
        return taken
    }
}

extension CustomerTables.Changes: EventColumns {
    var rowCount: Int { changedAt.count }
    func time(_ row: Int) -> Int64 { changedAt[row] }
    mutating func takeFirst(_ count: Int, grouping: RowGrouping) -> Self {
        var taken = Self()
        taken.changedAt = changedAt.takeFirst(count, grouping: grouping)
        taken.kind = kind.takeFirst(count, grouping: grouping)
        taken.fromPlan = fromPlan.takeFirst(count, grouping: grouping)
        taken.toPlan = toPlan.takeFirst(count, grouping: grouping)
        taken.mrrBefore = mrrBefore.takeFirst(count, grouping: grouping)
        taken.mrrAfter = mrrAfter.takeFirst(count, grouping: grouping)
        taken.contractEnd = contractEnd.takeFirst(count, grouping: grouping)
        return taken
    }
}

extension CustomerTables.Payments: EventColumns {
    var rowCount: Int { day.count }
    func time(_ row: Int) -> Int64 { Int64(day[row]) }
    mutating func takeFirst(_ count: Int, grouping: RowGrouping) -> Self {
        var taken = Self()
        taken.day = day.takeFirst(count, grouping: grouping)
        taken.amount = amount.takeFirst(count, grouping: grouping)
        taken.status = status.takeFirst(count, grouping: grouping)
        return taken
    }
}

extension CustomerTables.Engagement: EventColumns {
    var rowCount: Int { day.count }
    func time(_ row: Int) -> Int64 { Int64(day[row]) }
    mutating func takeFirst(_ count: Int, grouping: RowGrouping) -> Self {
        var taken = Self()
        taken.day = day.takeFirst(count, grouping: grouping)
        taken.logins = logins.takeFirst(count, grouping: grouping)
        taken.sessions = sessions.takeFirst(count, grouping: grouping)
        taken.featureEvents = featureEvents.takeFirst(count, grouping: grouping)
        taken.crashes = crashes.takeFirst(count, grouping: grouping)
        return taken
    }
}

extension CustomerTables.Tickets: EventColumns {
    var rowCount: Int { openedAt.count }
    func time(_ row: Int) -> Int64 { openedAt[row] }
    mutating func takeFirst(_ count: Int, grouping: RowGrouping) -> Self {
        var taken = Self()
        taken.openedAt = openedAt.takeFirst(count, grouping: grouping)
        taken.resolvedAt = resolvedAt.takeFirst(count, grouping: grouping)
        taken.issueType = issueType.takeFirst(count, grouping: grouping)
        taken.sentiment = sentiment.takeFirst(count, grouping: grouping)
        return taken
    }
}
