import Foundation

/// Customer lifetime value (CLV) and offer cost, from a program's economics.
///
/// A churn probability `p` over a window of `H` months implies a constant monthly hazard
/// `h = 1 − (1 − p)^(1/H)`. A customer who stays each month with probability `1 − h`, paying
/// `ARPU` at gross margin `m`, discounted at `d` per month, over at most `T` months, is worth
///
///     CLV = ARPU × m × Σ_{t=0}^{T−1} r^t = ARPU × m × (1 − r^T) / (1 − r),   r = (1 − h) / (1 + d)
///
/// (the sum is the expected, discounted lifetime in months; `T` when `r = 1`).
///
/// The value an offer can save is the CLV of the customer *once saved*: the offer resolves
/// the current risk episode, so the hazard is the program's `retainedMonthlyChurnRate`, not
/// the elevated hazard implied by today's score (which would count the risk twice: once in
/// `p` of the expected-value formula and again in a shortened lifetime).
public struct CustomerValueModel: Sendable, Equatable {
    public var economics: ProgramEconomics
    /// Expected discounted lifetime of a saved customer, in months (the same for everyone).
    public let retainedLifetimeMonths: Double

    public init(economics: ProgramEconomics) {
        self.economics = economics
        self.retainedLifetimeMonths = Self.expectedLifetimeMonths(
            monthlyHazard: economics.retainedMonthlyChurnRate, economics: economics)
    }

    /// Monthly hazard implied by a churn probability over the prediction window.
    public func monthlyHazard(churnProbability p: Double) -> Double {
        let survival = min(max(1 - p, 1e-9), 1)
        return 1 - pow(survival, 1 / economics.predictionHorizonMonths)
    }

    /// Expected discounted lifetime in months for a constant monthly hazard.
    public static func expectedLifetimeMonths(monthlyHazard h: Double, economics: ProgramEconomics) -> Double {
        let r = (1 - min(max(h, 0), 1)) / (1 + economics.monthlyDiscountRate)
        let months = Double(economics.horizonMonths)
        if abs(1 - r) < 1e-12 { return months }
        return (1 - pow(r, months)) / (1 - r)
    }

    /// CLV at an explicit monthly hazard.
    public func lifetimeValue(monthlyRevenue: Double, monthlyHazard: Double) -> Double {
        monthlyRevenue * economics.margin * Self.expectedLifetimeMonths(monthlyHazard: monthlyHazard, economics: economics)
    }

    /// The value an offer can save: CLV at the retained hazard. Used by expected value and routing.
    public func valueIfRetained(monthlyRevenue: Double) -> Double {
        monthlyRevenue * economics.margin * retainedLifetimeMonths
    }

    /// CLV at the customer's current risk (for reports: what the customer is worth if nothing is done).
    public func valueAtCurrentRisk(monthlyRevenue: Double, churnProbability: Double) -> Double {
        lifetimeValue(monthlyRevenue: monthlyRevenue, monthlyHazard: monthlyHazard(churnProbability: churnProbability))
    }

    /// What an offer costs for one customer: the discount given up over its duration, the
    /// upgrade and call it includes, and the contact on `channel`.
    ///
    /// The discount is counted in full even though it is only paid by customers who stay: that
    /// keeps the cost an upper bound, so a positive expected value is never an artefact of it.
    public func cost(of offer: OfferSpec, monthlyRevenue: Double, channel: String) -> Double {
        let months = Double(offer.durationMonths)
        var cost = offer.discount / 100 * monthlyRevenue * months
        if offer.includeUpgrade { cost += economics.upgradeCostPerMonth * months }
        if offer.includePersonalCall { cost += economics.personalCallCost }
        cost += economics.contactCost[channel] ?? 0
        return cost
    }
}
