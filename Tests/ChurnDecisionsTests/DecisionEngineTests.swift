import Testing
@testable import ChurnDecisions

@Suite struct DecisionEngineTests {
    /// One offer per tier, simple economics: value once saved = revenue × 0.5 × 20 months.
    static let program = RetentionProgram(
        programID: "t", tiers: .init(critical: 0.8, high: 0.6, medium: 0.4), filterChain: [],
        offers: [
            OfferSpec(riskLevel: .critical, offerType: "premium", discount: 50, durationMonths: 2, priorLift: 0.5, priorWeight: 1_000),
            OfferSpec(riskLevel: .high, offerType: "standard", discount: 20, durationMonths: 1, priorLift: 0.3, priorWeight: 1_000),
            OfferSpec(riskLevel: .medium, offerType: "engagement", discount: 0, durationMonths: 0, priorLift: 0.1, priorWeight: 1_000),
        ],
        channels: ["email", "phone", "in-app"],
        economics: ProgramEconomics(margin: 0.5, monthlyDiscountRate: 0, horizonMonths: 100_000,
                                    retainedMonthlyChurnRate: 0.05, contactCost: [:]))

    let engine = DecisionEngine(program: Self.program)
    var learner: OfferLearner { OfferLearner(offers: Self.program.offers) }

    @Test func expectedValueIsProbabilityTimesValueTimesLiftMinusCost() {
        let customer = TestCustomers.customer("a", p: 0.7, revenue: 100)
        let decision = engine.decide(customer, segment: "s", learner: learner, selection: .posteriorMean, campaignID: "k")
        #expect(decision.riskLevel == .high)
        #expect(abs(decision.lifetimeValue - 1_000) < 1e-6)
        // High tier may get standard or engagement, not premium.
        #expect(Set(decision.evaluations.map(\.offer.id)) == ["standard", "engagement"])
        let standard = decision.evaluations.first { $0.offer.id == "standard" }!
        #expect(abs(standard.expectedValue - (0.7 * 1_000 * 0.3 - 20)) < 1e-9)
        let engagement = decision.evaluations.first { $0.offer.id == "engagement" }!
        #expect(abs(engagement.expectedValue - 0.7 * 1_000 * 0.1) < 1e-9)
        #expect(decision.chosen?.offer.id == "standard")
        #expect(decision.route == .autoExecute)
        #expect(engagement.channel == "in-app" && standard.channel == "email")
    }

    @Test func negativeValueMeansNoOfferAndTheMonitorBandIsWatched() {
        // No revenue: nothing to save, so no offer has positive expected value.
        let poor = TestCustomers.customer("poor", p: 0.5, revenue: 0)
        let decision = engine.decide(poor, segment: "s", learner: learner, selection: .posteriorMean, campaignID: "k")
        #expect(decision.chosen == nil)
        #expect(decision.route == .monitor)
        let poorHigh = engine.decide(TestCustomers.customer("poor", p: 0.7, revenue: 0), segment: "s", learner: learner,
                                     selection: .posteriorMean, campaignID: "k")
        #expect(poorHigh.chosen == nil && poorHigh.route == nil)
    }

    @Test func routingFollowsTheThresholds() {
        let routing = RoutingThresholds.default
        #expect(routing.routeTargeted(churnProbability: 0.85, lifetimeValue: 2_500) == .urgent)
        #expect(routing.routeTargeted(churnProbability: 0.85, lifetimeValue: 1_500) == .autoExecute)
        #expect(routing.routeTargeted(churnProbability: 0.5, lifetimeValue: 6_000) == .manualReview)
        #expect(routing.routeTargeted(churnProbability: 0.9, lifetimeValue: 6_000) == .urgent)
        #expect(routing.monitors(churnProbability: 0.4) && !routing.monitors(churnProbability: 0.6))
        let custom = RoutingThresholds(urgentMinProbability: 0.5, urgentMinValue: 100)
        #expect(custom.routeTargeted(churnProbability: 0.6, lifetimeValue: 200) == .urgent)

        let rich = TestCustomers.customer("rich", p: 0.9, revenue: 300)  // value once saved 3,000
        let decision = engine.decide(rich, segment: "s", learner: learner, selection: .posteriorMean, campaignID: "k")
        #expect(decision.route == .urgent)
        #expect(decision.chosen?.offer.id == "premium")
        #expect(decision.chosen?.channel == "phone")  // urgent goes by phone
    }

    @Test func thompsonSelectionIsSeededPerCustomerAndCampaign() {
        // Two offers with equal means and wide beliefs: Thompson must pick both across customers.
        var program = Self.program
        program.offers = [
            OfferSpec(id: "a", riskLevel: .high, offerType: "engagement", discount: 0, durationMonths: 0, priorLift: 0.3, priorWeight: 2),
            OfferSpec(id: "b", riskLevel: .high, offerType: "engagement", discount: 0, durationMonths: 0, priorLift: 0.3, priorWeight: 2),
        ]
        let engine = DecisionEngine(program: program)
        let learner = OfferLearner(offers: program.offers)
        let picks = (0..<200).map { i in
            engine.decide(TestCustomers.customer("c\(i)", p: 0.7), segment: "s", learner: learner,
                          selection: .thompson(seed: 1), campaignID: "k").chosen!.offer.id
        }
        #expect(picks.filter { $0 == "a" }.count > 60 && picks.filter { $0 == "b" }.count > 60)
        let again = (0..<200).map { i in
            engine.decide(TestCustomers.customer("c\(i)", p: 0.7), segment: "s", learner: learner,
                          selection: .thompson(seed: 1), campaignID: "k").chosen!.offer.id
        }
        #expect(picks == again)
    }
}
