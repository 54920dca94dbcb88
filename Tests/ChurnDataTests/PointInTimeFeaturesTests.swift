import ChurnModel
import Testing
@testable import ChurnData

@Suite struct PointInTimeFeaturesTests {
    typealias F = PointInTimeFeature
    let asOf = CalendarDay(year: 2024, month: 7, day: 1)

    func value(_ values: [FeatureValue], _ feature: F) -> FeatureValue { values[feature.rawValue] }

    func base(signup: CalendarDay = CalendarDay(year: 2024, month: 1, day: 10)) -> CustomerHistory {
        CustomerHistory(
            customerID: "c", signupDay: signup, plan: .standard, segment: .smb, country: "DE",
            contractType: .annual, signupMRR: 100)
    }

    /// Every event at or after as_of is replaced, moved (still at or after as_of), or deleted, and new
    /// ones are added there; the snapshot must not change in a single bit.
    @Test func eventsAtOrAfterAsOfNeverChangeTheSnapshot() {
        var rng = SplitMix64(seed: 20_240_701)
        var mutationsChecked = 0
        for customer in 0..<150 {
            let history = HistoryFixtures.randomHistory(id: "c\(customer)", using: &rng)
            for _ in 0..<4 {
                let asOf = history.signupDay.adding(days: Int.random(in: 1...300, using: &rng))
                let expected = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
                for _ in 0..<5 {
                    let mutated = Self.mutateFuture(history, asOf: asOf, using: &rng)
                    let actual = PointInTimeFeatures.snapshot(history: mutated, asOf: asOf)
                    #expect(Self.bitPattern(actual) == Self.bitPattern(expected), "customer \(customer) at \(asOf)")
                    mutationsChecked += 1
                }
            }
        }
        #expect(mutationsChecked == 3000)
    }

    /// The same kind of change one day earlier does show, so the property above is not vacuous.
    @Test func anEventTheDayBeforeAsOfIsSeen() {
        var history = base()
        let before = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
        history = CustomerHistory(
            customerID: "c", signupDay: history.signupDay, plan: .standard, segment: .smb, country: "DE",
            contractType: .annual, signupMRR: 100,
            engagement: [EngagementDay(day: asOf.adding(days: -1), logins: 2, sessions: 3, featureEvents: 4, crashes: 0)])
        let after = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
        #expect(value(before, .logins30d) == .number(0))
        #expect(value(after, .logins30d) == .number(2))
        #expect(value(after, .daysSinceLastLogin) == .number(1))
    }

    @Test func windowsIncludeTheirFirstDayAndNotTheDayBefore() {
        let day = { (age: Int) in self.asOf.adding(days: -age) }
        let history = CustomerHistory(
            customerID: "c", signupDay: CalendarDay(year: 2023, month: 1, day: 1), plan: .basic, segment: .smb,
            country: nil, contractType: .monthly, signupMRR: 50,
            payments: [
                Payment(day: day(30), amount: 10, status: .paid), Payment(day: day(31), amount: 20, status: .failed),
                Payment(day: day(90), amount: 30, status: .paid), Payment(day: day(91), amount: 40, status: .refunded),
                Payment(day: asOf, amount: 99, status: .paid),
            ],
            engagement: [
                EngagementDay(day: day(30), logins: 1, sessions: 1, featureEvents: 0, crashes: 0),
                EngagementDay(day: day(31), logins: 10, sessions: 10, featureEvents: 0, crashes: 1),
                EngagementDay(day: day(90), logins: 100, sessions: 100, featureEvents: 0, crashes: 0),
                EngagementDay(day: day(91), logins: 1000, sessions: 1000, featureEvents: 0, crashes: 0),
            ],
            tickets: [
                SupportTicket(openedAt: HistoryFixtures.seconds(day(30), hour: 23), resolvedAt: HistoryFixtures.seconds(day(29)), issueType: .bug, sentiment: -0.5),
                SupportTicket(openedAt: HistoryFixtures.seconds(day(31)), resolvedAt: HistoryFixtures.seconds(asOf, hour: 1), issueType: .cancellationRequest, sentiment: 0.5),
                SupportTicket(openedAt: HistoryFixtures.seconds(day(5)), resolvedAt: nil, issueType: .billing, sentiment: nil),
            ])
        let values = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
        #expect(value(values, .logins30d) == .number(1))
        #expect(value(values, .logins90d) == .number(111))
        #expect(value(values, .activeDays30d) == .number(1))
        #expect(value(values, .activeDays90d) == .number(3))
        #expect(value(values, .crashes30d) == .number(0))
        #expect(value(values, .crashes90d) == .number(1))
        #expect(value(values, .paymentsPaid30d) == .number(1))
        #expect(value(values, .paymentsPaid90d) == .number(2))
        #expect(value(values, .paymentsFailed30d) == .number(0))
        #expect(value(values, .refunds90d) == .number(0))
        #expect(value(values, .amountPaid90d) == .number(40))
        #expect(value(values, .paymentFailureRate90d) == .number(0.3333))
        #expect(value(values, .daysSinceLastPayment) == .number(30))
        #expect(value(values, .daysSinceLastLogin) == .number(30))
        #expect(value(values, .supportTicketVolume30d) == .number(2))
        #expect(value(values, .supportTicketVolume90d) == .number(3))
        #expect(value(values, .ticketSentimentMean30d) == .number(-0.5))
        #expect(value(values, .ticketSentimentMean90d) == .number(0))
        #expect(value(values, .cancellationRequests90d) == .number(1))
        // The ticket resolved on as_of is still open at the snapshot; the other resolved after 1 hour.
        #expect(value(values, .openTickets) == .number(2))
        #expect(value(values, .resolutionHoursMean30d) == .number(1))
        #expect(value(values, .daysSinceLastTicket) == .number(5))
        #expect(value(values, .sessionsPerCrash90d) == .number(55.5))
    }

    @Test func subscriptionIsReplayedFromSignup() {
        let signup = CalendarDay(year: 2023, month: 3, day: 31)
        let changedAt = { (age: Int) in HistoryFixtures.seconds(self.asOf.adding(days: -age), hour: 12) }
        let history = CustomerHistory(
            customerID: "c", signupDay: signup, plan: .basic, segment: .enterprise, country: "US",
            contractType: .annual, signupMRR: 100,
            subscriptionChanges: [
                SubscriptionChange(changedAt: changedAt(200), kind: .upgrade, fromPlan: .basic, toPlan: .premium, mrrBefore: 100, mrrAfter: 300),
                SubscriptionChange(changedAt: changedAt(60), kind: .priceIncrease, mrrBefore: 300, mrrAfter: 330),
                SubscriptionChange(changedAt: changedAt(10), kind: .cancellation),
                SubscriptionChange(changedAt: changedAt(0), kind: .downgrade, toPlan: .basic, mrrAfter: 10),
            ])
        let values = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
        #expect(value(values, .plan) == .category("premium"))
        #expect(value(values, .mrr) == .number(330))
        #expect(value(values, .mrrChange90d) == .number(30))
        #expect(value(values, .transactionalValueK) == .number(3.96))
        #expect(value(values, .priceIncreases90d) == .number(1))
        #expect(value(values, .downgrades90d) == .number(0))
        #expect(value(values, .cancellationPending) == .boolean(true))
        // Annual terms from 2023-03-31 roll over to 2025-03-31.
        #expect(value(values, .contractDaysRemaining) == .number(Double(CalendarDay(year: 2025, month: 3, day: 31) - asOf)))
        #expect(value(values, .tenureDays) == .number(Double(asOf - signup)))
        #expect(value(values, .country) == .category("US"))
    }

    @Test func contractEndFromAChangeReplacesTheInitialTerm() {
        var history = base()
        history = CustomerHistory(
            customerID: "c", signupDay: history.signupDay, plan: .basic, segment: .smb, country: nil,
            contractType: .twoYear, signupMRR: 10,
            subscriptionChanges: [SubscriptionChange(
                changedAt: HistoryFixtures.seconds(asOf.adding(days: -3)), kind: .renewal,
                contractEnd: asOf.adding(days: 45))])
        let values = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
        #expect(value(values, .contractDaysRemaining) == .number(45))
        #expect(value(values, .country) == .missing)
    }

    @Test func scoresStayInTheirBoundsAndTrendsNeedEightWeeks() {
        var rng = SplitMix64(seed: 7)
        for customer in 0..<100 {
            let history = HistoryFixtures.randomHistory(id: "c\(customer)", using: &rng)
            let asOf = history.signupDay.adding(days: Int.random(in: 1...300, using: &rng))
            let values = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
            for feature in PointInTimeFeature.allCases {
                let spec = feature.spec
                switch values[feature.rawValue] {
                case .number(let number):
                    #expect(number.isFinite)
                    if let minimum = spec.minimum { #expect(number >= minimum, "\(spec.name)") }
                    if let maximum = spec.maximum { #expect(number <= maximum, "\(spec.name)") }
                case .missing:
                    #expect(!spec.required, "\(spec.name) is required")
                default:
                    break
                }
            }
            let weeks = (asOf - history.signupDay) / 7
            #expect((values[F.activeDaysWeeklySlope.rawValue] == .missing) == (weeks < 8))
        }
    }

    @Test func weeklySlopeAndRatioFollowTheirFormulas() {
        // Active every day in the last 4 weeks, never in the 8 before: slope over 12 weeks of
        // [0 ×8, 7 ×4] oldest first.
        var days: [EngagementDay] = []
        for age in 1...28 { days.append(EngagementDay(day: asOf.adding(days: -age), logins: 1, sessions: 2, featureEvents: 0, crashes: 0)) }
        days.append(EngagementDay(day: asOf.adding(days: -89), logins: 0, sessions: 6, featureEvents: 0, crashes: 0))
        let history = CustomerHistory(
            customerID: "c", signupDay: CalendarDay(year: 2023, month: 1, day: 1), plan: .basic, segment: .smb,
            country: nil, contractType: .monthly, signupMRR: 1, engagement: days)
        let values = PointInTimeFeatures.snapshot(history: history, asOf: asOf)
        let ys = [0.0, 0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7]
        let meanY = ys.reduce(0, +) / 12
        var covariance = 0.0
        var variance = 0.0
        for (x, y) in ys.enumerated() {
            let dx = Double(x) - 5.5
            covariance += dx * (y - meanY)
            variance += dx * dx
        }
        let slope = covariance / variance
        #expect(value(values, .activeDaysWeeklySlope) == .number((slope * 10_000).rounded() / 10_000))
        // 28 active days now against 1 in the 60 before (0.5 per 30 days).
        #expect(value(values, .activeDaysRatio30vs60) == .number(56))
        #expect(value(values, .sessionsRatio30vs60) == .number(18.6667))
    }

    static func bitPattern(_ values: [FeatureValue]) -> [String] {
        values.map { value in
            if case .number(let number) = value { return "n\(number.bitPattern)" }
            return "\(value)|\(String(reflecting: value))"
        }
    }

    static func mutateFuture(_ history: CustomerHistory, asOf: CalendarDay, using rng: inout SplitMix64) -> CustomerHistory {
        let cutoff = HistoryFixtures.seconds(asOf)
        let far = asOf.adding(days: 400)
        func futureSeconds() -> Int64 { HistoryFixtures.randomSeconds(from: asOf, to: far, using: &rng) }
        func futureDay() -> CalendarDay { asOf.adding(days: Int.random(in: 0..<400, using: &rng)) }
        func coin() -> Bool { Bool.random(using: &rng) }

        var changes: [SubscriptionChange] = []
        for var change in history.subscriptionChanges {
            if change.changedAt >= cutoff {
                if coin() { continue }
                change.changedAt = futureSeconds()
                change.kind = SubscriptionChange.Kind.allCases.randomElement(using: &rng)!
                change.toPlan = CustomerHistory.Plan.allCases.randomElement(using: &rng)
                change.mrrAfter = Double.random(in: 0...5000, using: &rng)
                change.contractEnd = futureDay()
            }
            changes.append(change)
        }
        changes.append(SubscriptionChange(
            changedAt: cutoff, kind: .cancellation, toPlan: .enterprise, mrrAfter: 1, contractEnd: asOf))
        var payments = history.payments.compactMap { payment -> Payment? in
            guard payment.day >= asOf else { return payment }
            if coin() { return nil }
            return Payment(day: futureDay(), amount: Double.random(in: 0...999, using: &rng), status: .failed)
        }
        payments.append(Payment(day: asOf, amount: 5, status: .paid))
        var engagement = history.engagement.compactMap { day -> EngagementDay? in
            guard day.day >= asOf else { return day }
            if coin() { return nil }
            return EngagementDay(day: futureDay(), logins: 9, sessions: 9, featureEvents: 9, crashes: 9)
        }
        engagement.append(EngagementDay(day: asOf, logins: 3, sessions: 3, featureEvents: 3, crashes: 3))
        var tickets: [SupportTicket] = []
        for var ticket in history.tickets {
            if ticket.openedAt >= cutoff {
                if coin() { continue }
                ticket.openedAt = futureSeconds()
                ticket.sentiment = -1
                ticket.issueType = .cancellationRequest
            }
            if let resolved = ticket.resolvedAt, resolved >= cutoff {
                ticket.resolvedAt = coin() ? nil : max(ticket.openedAt, futureSeconds())
            } else if ticket.resolvedAt == nil, coin() {
                ticket.resolvedAt = max(ticket.openedAt, futureSeconds())
            }
            tickets.append(ticket)
        }
        tickets.append(SupportTicket(openedAt: cutoff, resolvedAt: cutoff + 60, issueType: .bug, sentiment: 1))
        var churn = history.churnDay
        if churn.map({ $0 >= asOf }) ?? true { churn = coin() ? nil : futureDay() }
        return CustomerHistory(
            customerID: history.customerID, signupDay: history.signupDay, plan: history.plan, segment: history.segment,
            country: history.country, contractType: history.contractType, signupMRR: history.signupMRR,
            subscriptionChanges: changes, payments: payments, engagement: engagement, tickets: tickets, churnDay: churn)
    }
}
