import Foundation
import Testing
@testable import ChurnDecisions

@Suite struct CustomerValueModelTests {
    let model = CustomerValueModel(economics: ProgramEconomics(
        margin: 0.5, monthlyDiscountRate: 0, horizonMonths: 1_000_000, predictionHorizonMonths: 3,
        retainedMonthlyChurnRate: 0.05, personalCallCost: 20, upgradeCostPerMonth: 4, contactCost: ["phone": 6]))

    @Test func hazardRoundTripsTheWindowProbability() {
        let h = model.monthlyHazard(churnProbability: 0.271)
        #expect(abs(h - 0.1) < 1e-3)  // 1 − 0.9³ = 0.271
        #expect(model.monthlyHazard(churnProbability: 0) == 0)
        #expect(model.monthlyHazard(churnProbability: 1) > 0.99)
    }

    @Test func lifetimeIsTheGeometricSum() {
        // Undiscounted, unbounded: expected lifetime 1/h months.
        #expect(abs(model.retainedLifetimeMonths - 20) < 1e-6)
        #expect(abs(model.valueIfRetained(monthlyRevenue: 100) - 100 * 0.5 * 20) < 1e-6)
        #expect(abs(model.valueAtCurrentRisk(monthlyRevenue: 100, churnProbability: 0.271) - 500) < 1)
        // Discounted and bounded: Σ_{t<T} r^t.
        let economics = ProgramEconomics(monthlyDiscountRate: 0.01, horizonMonths: 12)
        let r = 0.95 / 1.01
        let expected = (1 - pow(r, 12)) / (1 - r)
        #expect(abs(CustomerValueModel.expectedLifetimeMonths(monthlyHazard: 0.05, economics: economics) - expected) < 1e-9)
        #expect(CustomerValueModel.expectedLifetimeMonths(monthlyHazard: 0, economics: ProgramEconomics(monthlyDiscountRate: 0, horizonMonths: 12)) == 12)
    }

    @Test func offerCostAddsDiscountUpgradeCallAndContact() {
        let premium = OfferSpec(riskLevel: .high, offerType: "premium", discount: 50, durationMonths: 6,
                                includeUpgrade: true, includePersonalCall: true)
        #expect(model.cost(of: premium, monthlyRevenue: 100, channel: "phone") == 300 + 24 + 20 + 6)
        #expect(model.cost(of: premium, monthlyRevenue: 100, channel: "carrier-pigeon") == 344)
    }
}
