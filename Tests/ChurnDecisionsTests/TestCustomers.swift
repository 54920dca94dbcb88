import Foundation
@testable import ChurnDecisions

/// Builders for hand-made customers in tests.
enum TestCustomers {
    static let asOf = Date(timeIntervalSince1970: 1_780_000_000)

    static func customer(
        _ id: String, p: Double = 0.75, revenue: Double = 100, lifetimeValue: Double = 2_000, tier: String = "premium",
        decline: Double? = 0.5, loginRatio: Double? = 0.3, daysSincePurchase: Int? = 90, active: Bool = true,
        verified: Bool = true, optedOut: Bool = false, lastOfferDaysAgo: Double? = nil, offersThisQuarter: Int = 0,
        segment: String? = "s"
    ) -> CustomerDecisionInput {
        CustomerDecisionInput(
            customerID: id, churnProbability: p, monthlyRevenue: revenue, lifetimeValue: lifetimeValue,
            subscriptionTier: tier, engagementDecline: decline, loginFrequencyRatio: loginRatio,
            daysSinceLastPurchase: daysSincePurchase, purchaseFrequency: 2, accountActive: active,
            accountVerified: verified, optedOut: optedOut,
            lastOfferDate: lastOfferDaysAgo.map { asOf.addingTimeInterval(-$0 * 86_400) },
            offersThisQuarter: offersThisQuarter, segment: segment)
    }
}
