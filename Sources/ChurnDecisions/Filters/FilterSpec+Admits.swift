import Foundation

extension FilterSpec {
    /// Whether `customer` passes this stage on `asOf`.
    ///
    /// - Parameter subscriptionRank: the program's rank of a subscription tier (`nil` = unknown
    ///   tier, which never passes a tier floor).
    public func admits(
        _ customer: CustomerDecisionInput, asOf: Date, subscriptionRank: (String) -> Int?
    ) -> Bool {
        switch self {
        case .trust:
            return customer.accountActive && customer.accountVerified
        case .churnSignal(let criteria):
            return criteria.signalCount(customer) >= criteria.minSignalsRequired
        case .customerValue(let criteria):
            guard customer.lifetimeValue >= criteria.minLifetimeValue else { return false }
            guard let floor = criteria.minSubscriptionTier else { return true }
            guard let rank = subscriptionRank(customer.subscriptionTier), let floorRank = subscriptionRank(floor) else {
                return false
            }
            return rank >= floorRank
        case .eligibility(let cooldownDays):
            if customer.optedOut { return false }
            guard let last = customer.lastOfferDate else { return true }
            return asOf.timeIntervalSince(last) >= Double(cooldownDays) * 86_400
        case .frequencyCap(let maxOffersPerQuarter):
            return customer.offersThisQuarter < maxOffersPerQuarter
        }
    }
}

extension ChurnSignalCriteria {
    /// How many behavioural churn signals `customer` shows; unknown features show none.
    public func signalCount(_ customer: CustomerDecisionInput) -> Int {
        var count = 0
        if let decline = customer.engagementDecline, decline >= minEngagementDecline { count += 1 }
        if let ratio = customer.loginFrequencyRatio, ratio <= maxLoginFrequencyRatio { count += 1 }
        if let days = customer.daysSinceLastPurchase, days >= minDaysSinceLastPurchase { count += 1 }
        return count
    }

    /// The signals `customer` shows, in words, for a candidate's reasons.
    public func signalReasons(_ customer: CustomerDecisionInput) -> [String] {
        var reasons: [String] = []
        if let decline = customer.engagementDecline, decline >= minEngagementDecline {
            reasons.append("engagement down \(Int((decline * 100).rounded()))%")
        }
        if let ratio = customer.loginFrequencyRatio, ratio <= maxLoginFrequencyRatio {
            reasons.append("logins at \(Int((ratio * 100).rounded()))% of earlier rate")
        }
        if let days = customer.daysSinceLastPurchase, days >= minDaysSinceLastPurchase {
            reasons.append("no purchase for \(days) days")
        }
        return reasons
    }
}
