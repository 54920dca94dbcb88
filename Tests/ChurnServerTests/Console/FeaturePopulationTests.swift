import ChurnModel
import Testing
@testable import ChurnServer

/// A customer's feature value placed among the production model's training customers.
@Suite struct FeaturePopulationTests {
    static let tickets = ReferenceDistribution(
        feature: "tickets_30d", binEdges: [0, 1, 3], shares: [0.5, 0.3, 0.15, 0.05], categories: nil, missingShare: 0.1, count: 1_000,
        sample: (0..<100).map { Double($0 % 10) })

    @Test func numbersGetTheirPercentileFromTheSampleOrTheBins() {
        let placed = FeaturePopulation.place(.number(6), in: Self.tickets)
        #expect(placed.percentile == 70 && placed.text == "at or above 70% of training customers")
        #expect(FeaturePopulation.place(.number(-1), in: Self.tickets).percentile == 0)
        var binsOnly = Self.tickets
        binsOnly.sample = nil
        #expect(FeaturePopulation.place(.number(2), in: binsOnly).percentile == 80)
        #expect(FeaturePopulation.place(.missing, in: Self.tickets).text == "missing for 10% of training customers")
    }

    @Test func categoriesAndBooleansGetTheirShare() {
        let plan = ReferenceDistribution(feature: "plan", binEdges: [], shares: [0.6, 0.4], categories: ["basic", "pro"], missingShare: 0, count: 10)
        #expect(FeaturePopulation.place(.category("pro"), in: plan).text == "40% of training customers")
        #expect(FeaturePopulation.place(.category("gold"), in: plan).text == "a category no training customer had")
        let flag = ReferenceDistribution(feature: "pending", binEdges: [0], shares: [0.75, 0.25], categories: nil, missingShare: 0, count: 4, sample: [0, 0, 0, 1])
        #expect(FeaturePopulation.place(.boolean(true), in: flag).text == "25% of training customers")
        #expect(FeaturePopulation.place(.boolean(false), in: flag).text == "75% of training customers")
        #expect(FeaturePopulation.place(.number(1), in: nil).text == "no reference in the production model")
    }
}
