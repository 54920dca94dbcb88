/// Simulates one customer day by day through the window and encodes what a business would have
/// recorded: engagement, invoices and payment attempts, plan and price changes, support tickets and,
/// if it happens, the churn.
///
/// Churn is not drawn up front. Each day the customer's ``HealthProcess`` moves, and a daily hazard
/// that grows as health falls (and with onboarding, January budget reviews, the competitor launch)
/// decides whether they leave. Monthly customers can leave any day; annual and two-year customers
/// decide in the last 60 days of their term and leave when it ends, some giving notice (a
/// cancellation change) first. Failed payments go through dunning and can end in an involuntary
/// churn. A few businesses simply close, with no warning in their data. Once churned, nothing more
/// is recorded for the customer.
struct CustomerSimulator: Sendable {
    let config: GeneratorConfig
    let calendar: GeneratorCalendar

    // Rates and effects, by segment (smb, mid_market, enterprise) or contract (monthly, annual, two_year).
    static let baseHazard: [[Double]] = [[2.5e-4, 1.6e-4, 1.1e-4], [0.85e-3, 0.65e-3, 0.47e-3], [0.85e-3, 0.65e-3, 0.47e-3]]
    static let closurePerDay: [Double] = [0.018 / 365, 0.01 / 365, 0.005 / 365]
    static let activeLogit: [Double] = [-0.3, 0.6, 1.5]
    static let weekendLogit: [Double] = [-1.6, -2.0, -1.8]
    static let ticketsPerDay: [Double] = [0.004, 0.009, 0.025]
    static let resolutionHours: [Double] = [10, 7, 4]
    /// Annual and two-year customers decide about renewal in this many days before the term ends.
    static let renewalWindowDays = 60

    static let plans: [StaticString] = ["basic", "standard", "premium", "enterprise"]
    static let segments: [StaticString] = ["smb", "mid_market", "enterprise"]
    static let contracts: [StaticString] = ["monthly", "annual", "two_year"]
    static let issueTypes: [StaticString] = ["billing", "bug", "how_to", "performance", "cancellation_request", "integration"]
    static let reasons: [StaticString] = ["price", "product_fit", "competitor", "support", "payment_failure", "business_closed", "other"]

    enum Reason: Int { case price, productFit, competitor, support, paymentFailure, businessClosed, other }
    enum Issue: Int { case billing, bug, howTo, performance, cancellationRequest, integration }

    private struct Ticket {
        var openedAt: Int
        var resolvedAt: Int
        var issue: Issue
        var sentiment: Double?
    }

    /// Simulates customer `index` and appends their rows to `chunk`.
    func simulate(index: Int, into chunk: inout GeneratedChunk) {
        var random = GeneratorRandom(seed: config.seed, stream: UInt64(index))
        let profile = CustomerProfile.sample(index: index, config: config, random: &random)
        var run = Run(simulator: self, profile: profile, random: random)
        run.play(into: &chunk)
    }

    /// The state of one customer's simulation.
    private struct Run {
        let simulator: CustomerSimulator
        var profile: CustomerProfile
        var random: GeneratorRandom
        var calendar: GeneratorCalendar { simulator.calendar }

        var health: HealthProcess
        var plan: Int
        var mrr: Double
        var termIndex = 1
        var termEnd: Int
        var billingIndex = 0
        var nextInvoice: Int
        var nextRise = 0
        var retryDay = -1
        var attempt = 0
        var invoiceAmount = 0.0
        var refundDay = -1
        var refundAmount = 0.0
        var pendingChurnDay = Int.max
        var pendingReason = Reason.other
        var silentCancellation = false
        var churnedAt: Int?
        var driftApplied = false
        var championLeft = false
        var negativeSupport = 0.0
        var lastRiseDay = Int.min / 2
        var lastFailDay = Int.min / 2
        var transactionSeq = 0
        var tickets: [Ticket] = []

        init(simulator: CustomerSimulator, profile: CustomerProfile, random: GeneratorRandom) {
            self.simulator = simulator
            self.profile = profile
            self.random = random
            let first = max(profile.signupDay, simulator.calendar.start)
            let level = profile.signedUpBeforeWindow
                ? profile.healthMean + 0.33 * self.random.gaussian()
                : profile.healthMean - 0.25 + 0.6 * self.random.gaussian()
            health = HealthProcess(level: level, mean: profile.healthMean)
            plan = profile.plan
            mrr = profile.mrr
            let signup = CalendarDay(daysSinceEpoch: profile.signupDay)
            termEnd = signup.adding(months: profile.termMonths).daysSinceEpoch
            while termEnd < first {
                termIndex += 1
                termEnd = signup.adding(months: termIndex * profile.termMonths).daysSinceEpoch
            }
            nextInvoice = profile.signupDay
            while nextInvoice < first {
                billingIndex += 1
                nextInvoice = signup.adding(months: billingIndex * profile.billingMonths).daysSinceEpoch
            }
            // A customer signing up after a list-price rise pays the new price from the start.
            let signupIndex = profile.signupDay - simulator.calendar.start
            while nextRise < simulator.calendar.priceIncreases.count, simulator.calendar.priceIncreases[nextRise].day <= signupIndex {
                let rise = simulator.calendar.priceIncreases[nextRise]
                if rise.plans[plan] { mrr = (mrr * rise.factor * 100).rounded() / 100 }
                nextRise += 1
            }
            self.profile.mrr = mrr
        }

        mutating func play(into chunk: inout GeneratedChunk) {
            let start = calendar.start
            for day in max(profile.signupDay, start)..<calendar.end {
                if live(day: day, index: day - start, chunk: &chunk) == false { break }
            }
            finish(into: &chunk)
        }

        /// One day; false once the customer has churned.
        private mutating func live(day: Int, index: Int, chunk: inout GeneratedChunk) -> Bool {
            if day == pendingChurnDay {
                if silentCancellation { emitChange(day: day, second: 0, kind: "cancellation", to: &chunk) }
                churn(day: day, second: 0, reason: pendingReason, chunk: &chunk)
                return false
            }
            if index >= calendar.driftIndex, !driftApplied {
                driftApplied = true
                if profile.competitorExposed {
                    // Trying the competitor is a step, not a slow fade: the level drops at once as well.
                    health.mean -= 0.35
                    health.shock(-0.7)
                    profile.priceSensitivity *= 1.8
                }
            }
            if !championLeft, random.uniform() < 1.0 / 1100 {
                championLeft = true  // the customer's internal advocate leaves: usage erodes for good
                health.mean -= 0.7
            }
            health.step(noise: random.normal(), pull: pendingChurnDay == Int.max ? 0 : -0.015)
            negativeSupport *= 0.98
            var riseToday = false
            var failedToday = false

            // Renewal of an annual or two-year term; a monthly term just rolls on.
            if day == termEnd {
                termIndex += 1
                termEnd = CalendarDay(daysSinceEpoch: profile.signupDay).adding(months: termIndex * profile.termMonths).daysSinceEpoch
                if profile.contract != 0 {
                    emitChange(day: day, second: 300 + random.int(below: 300), kind: "renewal", contractEnd: termEnd, to: &chunk)
                    var factor = pendingRiseFactor(through: index)
                    if random.bernoulli(0.3) { factor *= random.uniform(1.03, 1.08) }
                    if factor > 1.0001 {
                        raisePrice(by: factor, day: day, second: 620 + random.int(below: 300), chunk: &chunk)
                        riseToday = true
                    }
                }
            }

            // Invoices and dunning.
            if day == nextInvoice || day == retryDay {
                if day == nextInvoice {
                    if profile.contract == 0 {
                        let factor = pendingRiseFactor(through: index)
                        if factor > 1.0001 {
                            raisePrice(by: factor, day: day, second: 9000 + random.int(below: 1800), chunk: &chunk)
                            riseToday = true
                        }
                    }
                    billingIndex += 1
                    nextInvoice = CalendarDay(daysSinceEpoch: profile.signupDay).adding(months: billingIndex * profile.billingMonths).daysSinceEpoch
                    invoiceAmount = mrr * Double(profile.billingMonths)
                    attempt = 1
                }
                let second = 10_800 + random.int(below: 10_800)
                let recentRise = day - lastRiseDay < 60 ? 1.0 : 0.0
                let failure = attempt == 1
                    ? profile.cardRisk * GeneratorMath.exp(-1.0 * health.level) * (1 + recentRise)
                    : min(0.9, 0.4 * GeneratorMath.exp(-0.5 * health.level))
                if random.uniform() < failure {
                    emitTransaction(day: day, second: second, amount: invoiceAmount, status: "failed", chunk: &chunk)
                    health.shock(-0.06)
                    lastFailDay = day
                    failedToday = true
                    if attempt < 4 {
                        retryDay = day + [3, 2, 2][attempt - 1]
                        attempt += 1
                    } else if random.bernoulli(0.75) {
                        churn(day: day, second: second + 600 + random.int(below: 3000), reason: .paymentFailure, chunk: &chunk)
                        return false
                    } else {
                        retryDay = day + 3  // the customer updated their card; one more try
                        attempt = 2
                    }
                } else {
                    emitTransaction(day: day, second: second, amount: invoiceAmount, status: "paid", chunk: &chunk)
                    retryDay = -1
                    let billingComplaint = tickets.last.map { $0.issue == .billing && day * 86_400 - $0.openedAt < 14 * 86_400 } ?? false
                    if refundDay < 0, random.uniform() < (billingComplaint ? 0.1 : 0.003) {
                        refundDay = day + 1 + random.int(below: 5)
                        refundAmount = invoiceAmount
                    }
                }
            }
            if day == refundDay {
                emitTransaction(day: day, second: 36_000 + random.int(below: 25_000), amount: refundAmount, status: "refunded", chunk: &chunk)
                refundDay = -1
            }

            // The decision to leave.
            let q = GeneratorMath.exp(-0.5 * health.level)
            if pendingChurnDay == Int.max {
                if random.uniform() < CustomerSimulator.closurePerDay[profile.segment] {
                    let second = 32_400 + random.int(below: 32_400)
                    emitChange(day: day, second: second, kind: "cancellation", to: &chunk)
                    churn(day: day, second: second, reason: .businessClosed, chunk: &chunk)
                    return false
                }
                if decidesToLeave(day: day, index: index, q: q) {
                    let reason = attributeReason(day: day)
                    let second = 32_400 + random.int(below: 32_400)
                    if profile.contract == 0 {
                        if random.bernoulli(0.35) { openCancellationRequest(at: day * 86_400 + second - 600 - random.int(below: 6600)) }
                        emitChange(day: day, second: second, kind: "cancellation", to: &chunk)
                        churn(day: day, second: second, reason: reason, chunk: &chunk)
                        return false
                    }
                    pendingChurnDay = termEnd
                    pendingReason = reason
                    if random.bernoulli(0.5) {
                        if random.bernoulli(0.35) { openCancellationRequest(at: day * 86_400 + second - 600 - random.int(below: 6600)) }
                        emitChange(day: day, second: second, kind: "cancellation", to: &chunk)
                    } else {
                        silentCancellation = true
                    }
                }
            }

            // Usage.
            var crashes = 0
            var logit = CustomerSimulator.activeLogit[profile.segment] + 1.8 * health.level + calendar.activityOffset[index]
            if calendar.weekend[index] { logit += CustomerSimulator.weekendLogit[profile.segment] }
            if driftApplied, profile.competitorExposed { logit -= 0.3 }
            if random.uniform() * (1 + GeneratorMath.exp(-logit)) < 1 {
                let sessions = 1 + random.poisson(profile.sessionRate / q)
                let logins = min(sessions, 1 + random.poisson(0.6 * Double(sessions - 1)))
                let events = random.poisson(Double(sessions) * profile.breadth * max(0.2, 1 + 0.25 * health.level))
                crashes = random.poisson(Double(sessions) * profile.crashRate * calendar.crashMultiplier[index])
                emitEngagement(index: index, logins: logins, sessions: sessions, events: events, crashes: crashes, chunk: &chunk)
                if crashes > 0 { health.shock(-0.02 * Double(min(crashes, 5))) }
            }

            // Support tickets.
            var rate = profile.supportPropensity * CustomerSimulator.ticketsPerDay[profile.segment] * q * q
            rate += 0.05 * Double(crashes) + (failedToday ? 0.3 : 0) + (riseToday ? 0.2 : 0)
            if day - profile.signupDay < 30 { rate += 0.02 }
            let count = rate < 0.05 ? (random.uniform() < rate ? 1 : 0) : min(3, random.poisson(rate))
            if count > 0 {
                var seconds = (0..<count).map { _ in 28_800 + random.int(below: 39_600) }
                seconds.sort()
                for second in seconds {
                    openTicket(at: day * 86_400 + second, crashes: crashes, failed: day - lastFailDay < 10,
                               rise: day - lastRiseDay < 30, new: day - profile.signupDay < 60)
                }
            }

            // Plan changes (not while leaving).
            if pendingChurnDay == Int.max {
                let up = plan < 3 ? 0.0004 * GeneratorMath.exp(0.8 * health.level) * (profile.fit > 0 ? 1.5 : 0.5) : 0
                let down = plan > 0 ? 0.00025 * q * q * profile.priceSensitivity : 0
                let draw = random.uniform()
                if draw < up + down {
                    let target = draw < up ? plan + 1 : plan - 1
                    let second = 39_600 + random.int(below: 21_600)
                    let after = (mrr * CustomerProfile.listPrice[target] / CustomerProfile.listPrice[plan] * 100).rounded() / 100
                    emitChange(day: day, second: second, kind: draw < up ? "upgrade" : "downgrade", toPlan: target, mrrAfter: after, to: &chunk)
                    health.shock(draw < up ? 0.1 : 0.05)
                    plan = target
                    mrr = after
                }
            }
            return true
        }

        /// Whether today is the day the customer decides to leave.
        private mutating func decidesToLeave(day: Int, index: Int, q: Double) -> Bool {
            if profile.contract != 0, termEnd - day > CustomerSimulator.renewalWindowDays { return false }
            // The hazard is multiplied by e^4 ≈ 55 per unit of health lost: q⁸ with q = e^(−h/2).
            let q2 = q * q
            let q4 = q2 * q2
            var hazard = CustomerSimulator.baseHazard[profile.contract][profile.segment] * q4 * q4
            let tenure = day - profile.signupDay
            if tenure < 720 { hazard *= 1 + 1.5 * GeneratorMath.exp(-Double(tenure) / 60) }  // onboarding risk
            hazard *= calendar.hazardSeason[index]
            if driftApplied {
                if profile.segment == 0 { hazard *= 1.4 }
                // The competitor poaches its triallists whatever their usage: the concept drift a retrained model learns.
                if profile.competitorExposed { hazard *= 2 }
            }
            return random.uniform() < hazard
        }

        /// Picks a churn reason, weighted by what the customer went through.
        private mutating func attributeReason(day: Int) -> Reason {
            var weights = [Double](repeating: 0, count: 7)
            weights[Reason.price.rawValue] = 0.3 + (day - lastRiseDay < 90 ? 2.5 * profile.priceSensitivity : 0)
            weights[Reason.productFit.rawValue] = 0.4 + 1.2 * max(0, -profile.fit) + (championLeft ? 1 : 0)
            weights[Reason.competitor.rawValue] = 0.35 + (driftApplied && profile.competitorExposed ? 3 : 0)
            weights[Reason.support.rawValue] = 3 * negativeSupport
            weights[Reason.paymentFailure.rawValue] = day - lastFailDay < 45 ? 0.6 : 0
            weights[Reason.other.rawValue] = 0.3
            return Reason(rawValue: random.pick(weights: weights)) ?? .other
        }

        /// The product of the list-price rises for the current plan not yet applied, through `index`.
        private mutating func pendingRiseFactor(through index: Int) -> Double {
            var factor = 1.0
            let rises = calendar.priceIncreases
            while nextRise < rises.count, rises[nextRise].day <= index {
                if rises[nextRise].plans[plan] { factor *= rises[nextRise].factor }
                nextRise += 1
            }
            return factor
        }

        private mutating func raisePrice(by factor: Double, day: Int, second: Int, chunk: inout GeneratedChunk) {
            let after = (mrr * factor * 100).rounded() / 100
            emitChange(day: day, second: second, kind: "price_increase", mrrAfter: after, to: &chunk)
            health.shock(-3 * (factor - 1) * profile.priceSensitivity)
            mrr = after
            lastRiseDay = day
        }

        private mutating func openTicket(at openedAt: Int, crashes: Int, failed: Bool, rise: Bool, new: Bool) {
            var weights = [Double](repeating: 0, count: 6)
            weights[Issue.billing.rawValue] = 1 + (failed ? 6 : 0) + (rise ? 4 : 0)
            weights[Issue.bug.rawValue] = 1 + 3 * Double(min(crashes, 3))
            weights[Issue.howTo.rawValue] = 2 + (new ? 3 : 0) + (profile.fit < 0 ? 1.5 : 0)
            weights[Issue.performance.rawValue] = 0.8 + (crashes > 0 ? 1.5 : 0)
            weights[Issue.integration.rawValue] = [0.3, 0.8, 1.5][profile.segment]
            let issue = Issue(rawValue: random.pick(weights: weights)) ?? .howTo
            let adjustment: [Double] = [-0.2, -0.15, 0.1, -0.15, -0.5, -0.05]
            let sentiment = min(1, max(-1, 0.2 + 0.35 * health.level + adjustment[issue.rawValue] + 0.3 * random.normal()))
            let typeHours: [Double] = [1, 3, 0.6, 2, 0.5, 2.5]
            let hours = random.logNormal(median: CustomerSimulator.resolutionHours[profile.segment] * typeHours[issue.rawValue], sigma: 0.9)
            tickets.append(Ticket(openedAt: openedAt, resolvedAt: openedAt + 60 + Int(hours * 3600), issue: issue,
                                  sentiment: random.bernoulli(0.04) ? nil : (sentiment * 100).rounded() / 100))
            health.shock(sentiment < 0 ? 0.3 * sentiment : 0.05 * sentiment)
            if sentiment < 0 { negativeSupport += -sentiment }
        }

        private mutating func openCancellationRequest(at openedAt: Int) {
            let sentiment = min(1, max(-1, -0.3 + 0.2 * health.level + 0.3 * random.normal()))
            let hours = random.logNormal(median: 2, sigma: 0.8)
            tickets.append(Ticket(openedAt: openedAt, resolvedAt: openedAt + 60 + Int(hours * 3600), issue: .cancellationRequest,
                                  sentiment: (sentiment * 100).rounded() / 100))
        }

        private mutating func churn(day: Int, second: Int, reason: Reason, chunk: inout GeneratedChunk) {
            let at = day * 86_400 + second
            churnedAt = at
            withTable(.churnEvents, in: &chunk) { bytes in
                bytes.append(contentsOf: profile.id)
                bytes.append(0x2C)
                appendTimestamp(at, to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(CustomerSimulator.reasons[reason.rawValue], to: &bytes)
                bytes.append(0x0A)
            }
            chunk.rowCounts[GeneratedTable.churnEvents.rawValue] += 1
            chunk.churnedCustomers += 1
        }

        /// Writes the customer's row and tickets once their story is complete.
        private mutating func finish(into chunk: inout GeneratedChunk) {
            let endSecond = calendar.end * 86_400
            withTable(.supportTickets, in: &chunk) { bytes in
                for (number, ticket) in tickets.enumerated() {
                    RowEncoder.append("tk-", to: &bytes)
                    RowEncoder.appendInt(profile.index, to: &bytes)
                    bytes.append(0x2D)
                    RowEncoder.appendInt(number + 1, to: &bytes)
                    bytes.append(0x2C)
                    bytes.append(contentsOf: profile.id)
                    bytes.append(0x2C)
                    appendTimestamp(ticket.openedAt, to: &bytes)
                    bytes.append(0x2C)
                    // Closed when the customer leaves; still open when the window ends first.
                    let resolved = min(ticket.resolvedAt, churnedAt ?? Int.max)
                    if resolved < endSecond { appendTimestamp(resolved, to: &bytes) }
                    bytes.append(0x2C)
                    RowEncoder.append(CustomerSimulator.issueTypes[ticket.issue.rawValue], to: &bytes)
                    bytes.append(0x2C)
                    if let sentiment = ticket.sentiment { RowEncoder.appendHundredths(sentiment, to: &bytes) }
                    bytes.append(0x0A)
                }
            }
            chunk.rowCounts[GeneratedTable.supportTickets.rawValue] += tickets.count
            // The term that was running when the customer left, or at the end of the window.
            let contractEnd = termEnd
            withTable(.customers, in: &chunk) { bytes in
                bytes.append(contentsOf: profile.id)
                bytes.append(0x2C)
                RowEncoder.appendDate(CalendarDay(daysSinceEpoch: profile.signupDay), to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(CustomerSimulator.plans[profile.plan], to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(CustomerSimulator.segments[profile.segment], to: &bytes)
                bytes.append(0x2C)
                if profile.country > 0 { bytes.append(contentsOf: CustomerProfile.countries[profile.country - 1].utf8) }
                bytes.append(0x2C)
                RowEncoder.append(CustomerSimulator.contracts[profile.contract], to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendDate(CalendarDay(daysSinceEpoch: contractEnd), to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendHundredths(profile.mrr, to: &bytes)
                bytes.append(0x0A)
            }
            chunk.rowCounts[GeneratedTable.customers.rawValue] += 1
            let lifts = OfferResponseModel.lifts(segment: profile.segment, priceSensitivity: profile.priceSensitivity, fit: profile.fit)
            withTable(.offerResponses, in: &chunk) { bytes in
                bytes.append(contentsOf: profile.id)
                bytes.append(0x2C)
                RowEncoder.append(OfferResponseModel.archetypes[OfferResponseModel.archetype(lifts)], to: &bytes)
                for lift in lifts {
                    bytes.append(0x2C)
                    RowEncoder.appendHundredths(lift, to: &bytes)
                }
                bytes.append(0x0A)
            }
            chunk.rowCounts[GeneratedTable.offerResponses.rawValue] += 1
        }

        // MARK: Row encoding

        private func withTable(_ table: GeneratedTable, in chunk: inout GeneratedChunk, _ body: (inout [UInt8]) -> Void) {
            body(&chunk.tables[table.rawValue])
        }

        private func appendTimestamp(_ seconds: Int, to bytes: inout [UInt8]) {
            let day = seconds / 86_400
            let index = day - calendar.start
            if index >= 0, index < calendar.end - calendar.start {
                calendar.dateBytes.withUnsafeBufferPointer { bytes.append(contentsOf: $0[index * 10..<index * 10 + 10]) }
            } else {
                RowEncoder.appendDate(CalendarDay(daysSinceEpoch: day), to: &bytes)
            }
            RowEncoder.appendTime(seconds - day * 86_400, to: &bytes)
        }

        private mutating func emitChange(
            day: Int, second: Int, kind: StaticString, toPlan: Int? = nil, mrrAfter: Double? = nil, contractEnd: Int? = nil,
            to chunk: inout GeneratedChunk
        ) {
            let profile = profile
            let plan = plan
            let mrr = mrr
            withTable(.subscriptionChanges, in: &chunk) { bytes in
                bytes.append(contentsOf: profile.id)
                bytes.append(0x2C)
                appendTimestamp(day * 86_400 + second, to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(kind, to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(CustomerSimulator.plans[plan], to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(CustomerSimulator.plans[toPlan ?? plan], to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendHundredths(mrr, to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendHundredths(mrrAfter ?? mrr, to: &bytes)
                bytes.append(0x2C)
                if let contractEnd { RowEncoder.appendDate(CalendarDay(daysSinceEpoch: contractEnd), to: &bytes) }
                bytes.append(0x0A)
            }
            chunk.rowCounts[GeneratedTable.subscriptionChanges.rawValue] += 1
        }

        private mutating func emitTransaction(day: Int, second: Int, amount: Double, status: StaticString, chunk: inout GeneratedChunk) {
            transactionSeq += 1
            let profile = profile
            let sequence = transactionSeq
            withTable(.transactions, in: &chunk) { bytes in
                RowEncoder.append("tx-", to: &bytes)
                RowEncoder.appendInt(profile.index, to: &bytes)
                bytes.append(0x2D)
                RowEncoder.appendInt(sequence, to: &bytes)
                bytes.append(0x2C)
                bytes.append(contentsOf: profile.id)
                bytes.append(0x2C)
                appendTimestamp(day * 86_400 + second, to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendHundredths(amount, to: &bytes)
                bytes.append(0x2C)
                RowEncoder.append(status, to: &bytes)
                bytes.append(0x0A)
            }
            chunk.rowCounts[GeneratedTable.transactions.rawValue] += 1
        }

        private func emitEngagement(index: Int, logins: Int, sessions: Int, events: Int, crashes: Int, chunk: inout GeneratedChunk) {
            let cap = Int(UInt16.max)
            withTable(.engagement, in: &chunk) { bytes in
                bytes.append(contentsOf: profile.id)
                bytes.append(0x2C)
                calendar.dateBytes.withUnsafeBufferPointer { bytes.append(contentsOf: $0[index * 10..<index * 10 + 10]) }
                bytes.append(0x2C)
                RowEncoder.appendInt(min(cap, logins), to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendInt(min(cap, sessions), to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendInt(min(cap, events), to: &bytes)
                bytes.append(0x2C)
                RowEncoder.appendInt(min(cap, crashes), to: &bytes)
                bytes.append(0x0A)
            }
            chunk.rowCounts[GeneratedTable.engagement.rawValue] += 1
        }
    }
}
