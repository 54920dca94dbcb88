/// Usage figures of one customer over the 30- and 90-day windows and the 12 weeks before a
/// snapshot day, gathered in one pass over those days.
struct EngagementSummary {
    var logins30 = 0, logins90 = 0
    var sessions30 = 0, sessions90 = 0
    var featureEvents30 = 0, featureEvents90 = 0
    var crashes30 = 0, crashes90 = 0
    var activeDays30 = 0, activeDays90 = 0
    /// Index 0 is the week ending the day before as_of.
    var weeklyActiveDays = [Int](repeating: 0, count: 12)
    var weeklySessions = [Int](repeating: 0, count: 12)
    var daysSinceLastLogin: Int?

    init(history: CustomerHistory, asOf: CalendarDay) {
        let days = history.engagement
        let end = asOf.daysSinceEpoch
        let firstAtOrAfter = Self.firstIndex(in: days, atOrAfter: end)
        var index = firstAtOrAfter - 1
        while index >= 0 {
            let row = days[index]
            let age = end - row.day.daysSinceEpoch  // 1 = the day before as_of
            if age > 90 { break }
            let active = row.isActive ? 1 : 0
            logins90 += row.logins
            sessions90 += row.sessions
            featureEvents90 += row.featureEvents
            crashes90 += row.crashes
            activeDays90 += active
            if age <= 30 {
                logins30 += row.logins
                sessions30 += row.sessions
                featureEvents30 += row.featureEvents
                crashes30 += row.crashes
                activeDays30 += active
            }
            let week = (age - 1) / 7
            if week < 12 {
                weeklyActiveDays[week] += active
                weeklySessions[week] += row.sessions
            }
            if daysSinceLastLogin == nil, row.logins > 0 { daysSinceLastLogin = age }
            index -= 1
        }
        while daysSinceLastLogin == nil, index >= 0 {
            if days[index].logins > 0 { daysSinceLastLogin = end - days[index].day.daysSinceEpoch }
            index -= 1
        }
    }

    /// Binary search in day-ordered rows.
    static func firstIndex(in days: [EngagementDay], atOrAfter day: Int) -> Int {
        var low = 0
        var high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle].day.daysSinceEpoch < day { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
