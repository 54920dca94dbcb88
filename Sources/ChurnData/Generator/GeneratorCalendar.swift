/// What every customer of one run shares, day by day over the window: weekdays, seasonality,
/// product incidents, list-price increases and the drift start.
///
/// Drawn once from the run seed, so incidents and price rises hit all customers on the same days,
/// as they would in a real business.
struct GeneratorCalendar: Sendable {
    /// A list-price increase of some plans, effective from `day`.
    struct PriceIncrease: Sendable {
        var day: Int
        /// Indexed by ``CustomerHistory/Plan`` position.
        var plans: [Bool]
        var factor: Double
    }

    let start: Int
    let end: Int
    /// Day index (0 = start) at which the competitor launch begins; `Int.max` without drift.
    let driftIndex: Int
    /// Per window day: true on Saturday and Sunday.
    let weekend: [Bool]
    /// Per window day: added to the logit of being active (summer lull, year-end holidays).
    let activityOffset: [Double]
    /// Per window day: multiplies the churn hazard (January budget reviews, year-end).
    let hazardSeason: [Double]
    /// Per window day: multiplies crash rates (product incidents).
    let crashMultiplier: [Double]
    let priceIncreases: [PriceIncrease]
    /// `YYYY-MM-DD` of every window day, 10 bytes each.
    let dateBytes: [UInt8]

    init(config: GeneratorConfig) {
        start = config.start.daysSinceEpoch
        end = config.end.daysSinceEpoch
        driftIndex = config.driftStart.map { $0.daysSinceEpoch - config.start.daysSinceEpoch } ?? Int.max
        let count = end - start
        var random = GeneratorRandom(seed: config.seed, stream: UInt64.max)
        var weekend = [Bool](repeating: false, count: count)
        var activity = [Double](repeating: 0, count: count)
        var season = [Double](repeating: 1, count: count)
        var crashes = [Double](repeating: 1, count: count)
        var dates: [UInt8] = []
        dates.reserveCapacity(count * 10)
        for index in 0..<count {
            let day = CalendarDay(daysSinceEpoch: start + index)
            weekend[index] = (day.daysSinceEpoch + 3) % 7 >= 5  // 1970-01-01 was a Thursday
            let (year, month, dayOfMonth) = day.components
            let dayOfYear = day - CalendarDay(year: year, month: 1, day: 1)
            let summer = Double(dayOfYear - 215) / 25
            activity[index] = -0.25 * GeneratorMath.exp(-summer * summer)
            if (month == 12 && dayOfMonth >= 24) || (month == 1 && dayOfMonth == 1) { activity[index] -= 0.7 }
            if month == 1 { season[index] = 1.3 } else if month == 12 { season[index] = 1.1 }
            RowEncoder.appendDate(day, to: &dates)
        }
        // About five incidents a year, one to three days each.
        let incidents = max(1, Int((Double(count) / 365 * 5).rounded()))
        for _ in 0..<incidents {
            let first = random.int(below: count)
            let length = 1 + random.int(below: 3)
            let factor = random.uniform(4, 10)
            for index in first..<min(count, first + length) { crashes[index] = factor }
        }
        // A list-price rise four months in and every year after, alternating cheap and dear plans.
        var rises: [PriceIncrease] = []
        var month = 4
        var cheap = true
        while month < config.months {
            let day = config.start.adding(months: month).daysSinceEpoch - start
            rises.append(PriceIncrease(day: day, plans: cheap ? [true, true, false, false] : [false, false, true, true],
                                       factor: 1 + random.uniform(0.07, 0.13)))
            month += 12
            cheap.toggle()
        }
        self.weekend = weekend
        self.activityOffset = activity
        self.hazardSeason = season
        self.crashMultiplier = crashes
        self.priceIncreases = rises
        self.dateBytes = dates
    }
}
