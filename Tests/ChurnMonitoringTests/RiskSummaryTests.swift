import ChurnModel
import Testing
@testable import ChurnMonitoring

@Suite struct RiskSummaryTests {
    @Test func countsCustomersAndRevenuePerTierAndTheExpectedLoss() {
        let summary = RiskSummary(
            probabilities: [0.1, 0.5, 0.8, 0.9, 0.95],
            monthlyRevenue: [100, 200, nil, 50, .nan],
            thresholds: .default)
        #expect(summary.tiers.map(\.level) == ["LOW", "MEDIUM", "HIGH"])
        #expect(summary.tiers.map(\.customers) == [1, 1, 3])
        // Unknown (nil) and unusable (NaN) revenue is left out of the sums, not counted as zero revenue customers.
        #expect(summary.tiers.map(\.monthlyRevenue) == [100, 200, 50])
        #expect(summary.customersWithRevenue == 3)
        #expect(abs(summary.expectedMonthlyRevenueLoss - (0.1 * 100 + 0.5 * 200 + 0.9 * 50)) < 1e-9)
    }

    @Test func aProgramWithACriticalTierReportsItEvenWhenEmpty() {
        let summary = RiskSummary(probabilities: [0.2], monthlyRevenue: [10], thresholds: TierThresholds(critical: 0.9, high: 0.7, medium: 0.4))
        #expect(summary.tiers.map(\.level) == ["LOW", "MEDIUM", "HIGH", "CRITICAL"])
        #expect(summary.tiers.map(\.customers) == [1, 0, 0, 0])
    }
}
