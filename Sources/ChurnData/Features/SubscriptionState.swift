/// A customer's plan, price and term at a snapshot day, replayed from signup through the
/// subscription changes strictly before that day.
///
/// `customers.csv` gives `plan` and `mrr` at signup; its `contract_end` is the term end at export
/// time, which would leak later renewals, so the term is rebuilt instead: the initial term ends
/// `termMonths` after signup, a change that names a `contract_end` replaces it, and a term that has
/// ended rolls over by whole terms (contracts renew until the customer churns).
struct SubscriptionState {
    var plan: CustomerHistory.Plan
    var mrr: Double
    var mrr90DaysBefore: Double
    var priceIncreases90d = 0
    var upgrades90d = 0
    var downgrades90d = 0
    var cancellationPending = false
    var contractDaysRemaining: Int

    init(history: CustomerHistory, asOf: CalendarDay) {
        let cutoff = Int64(asOf.daysSinceEpoch) * RawTimestamp.secondsPerDay
        let windowStart = cutoff - 90 * RawTimestamp.secondsPerDay
        let termMonths = history.contractType.termMonths
        plan = history.plan
        mrr = history.signupMRR
        mrr90DaysBefore = history.signupMRR
        var termAnchor = history.signupDay
        var termEnd = history.signupDay.adding(months: termMonths)
        for change in history.subscriptionChanges {
            guard change.changedAt < cutoff else { break }
            if change.changedAt >= windowStart {
                switch change.kind {
                case .priceIncrease: priceIncreases90d += 1
                case .upgrade: upgrades90d += 1
                case .downgrade: downgrades90d += 1
                case .renewal, .cancellation: break
                }
            }
            if let toPlan = change.toPlan { plan = toPlan }
            if let after = change.mrrAfter { mrr = after }
            if change.changedAt < windowStart { mrr90DaysBefore = mrr }
            if let end = change.contractEnd {
                termAnchor = end
                termEnd = end
            }
            switch change.kind {
            case .cancellation: cancellationPending = true
            case .renewal: cancellationPending = false
            case .upgrade, .downgrade, .priceIncrease: break
            }
        }
        if termEnd < asOf {
            // Jump close to as_of, then step; counting from the anchor keeps month-end days stable.
            let monthsBehind = (asOf - termAnchor) / 31
            var terms = max(1, monthsBehind / termMonths)
            termEnd = termAnchor.adding(months: terms * termMonths)
            while termEnd < asOf {
                terms += 1
                termEnd = termAnchor.adding(months: terms * termMonths)
            }
        }
        contractDaysRemaining = termEnd - asOf
    }
}
