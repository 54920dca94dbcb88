import ChurnModel
import Testing
@testable import ChurnDecisions

@Suite struct OfferLearnerTests {
    @Test func betaSamplesHaveTheRightMeanAndSpread() {
        var generator = SplitMix64(seed: 1)
        for (alpha, beta) in [(2.0, 8.0), (0.5, 0.5), (30.0, 10.0)] {
            let belief = BetaPosterior(alpha: alpha, beta: beta)
            let draws = (0..<20_000).map { _ in belief.sample(using: &generator) }
            let mean = draws.reduce(0, +) / Double(draws.count)
            let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
            let expectedVariance = alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1))
            #expect(abs(mean - belief.mean) < 0.01)
            #expect(abs(variance - expectedVariance) / expectedVariance < 0.1)
            #expect(draws.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
    }

    @Test func priorsComeFromTheProgramAndOutcomesMoveThem() {
        let offers = [OfferSpec(riskLevel: .high, offerType: "standard", discount: 30, durationMonths: 3, priorLift: 0.3, priorWeight: 10)]
        var learner = OfferLearner(offers: offers)
        #expect(learner.posterior(segment: "a", offerID: "standard") == BetaPosterior(alpha: 3, beta: 7))
        let churned = RetentionOutcome(customerID: "c1", campaignID: "k", segment: "a", offerID: "standard",
                                       churnProbability: 0.8, retained: false)
        let firstTime = learner.record(churned)
        let secondTime = learner.record(churned)
        #expect(firstTime && !secondTime)  // idempotent
        #expect(learner.posterior(segment: "a", offerID: "standard") == BetaPosterior(alpha: 3, beta: 8))
        #expect(learner.posterior(segment: "b", offerID: "standard") == BetaPosterior(alpha: 3, beta: 7))
        // A retained customer at p = 1 was certainly saved; at p = 0.5 only partly evidence.
        learner.record(RetentionOutcome(customerID: "c2", campaignID: "k", segment: "a", offerID: "standard",
                                        churnProbability: 1, retained: true))
        #expect(learner.posterior(segment: "a", offerID: "standard").alpha == 4)
        let before = learner.posterior(segment: "a", offerID: "standard")
        learner.record(RetentionOutcome(customerID: "c3", campaignID: "k", segment: "a", offerID: "standard",
                                        churnProbability: 0.5, retained: true))
        let gain = learner.posterior(segment: "a", offerID: "standard").alpha - before.alpha
        #expect(gain > 0 && gain < 1)
        // Holdout outcomes do not teach offers.
        let applied = learner.record(RetentionOutcome(customerID: "c4", campaignID: "k", segment: "a", offerID: nil,
                                                      churnProbability: 0.5, retained: true))
        #expect(!applied)
    }

    @Test func fractionalUpdateConvergesToTheTrueLift() {
        let offers = [OfferSpec(riskLevel: .high, offerType: "standard", discount: 0, durationMonths: 0, priorLift: 0.6)]
        var learner = OfferLearner(offers: offers)
        var generator = SplitMix64(seed: 9)
        let trueLift = 0.2
        for i in 0..<20_000 {
            let p = 0.3 + 0.6 * generator.nextUnit()
            let wouldChurn = generator.nextUnit() < p
            let retained = !wouldChurn || generator.nextUnit() < trueLift
            learner.record(RetentionOutcome(customerID: "\(i)", campaignID: "k", segment: "s", offerID: "standard",
                                            churnProbability: p, retained: retained))
        }
        #expect(abs(learner.posterior(segment: "s", offerID: "standard").mean - trueLift) < 0.03)
    }

    @Test func holdoutIsStableAndHasTheRightShare() {
        let assigner = HoldoutAssigner(share: 0.1)
        let ids = (0..<50_000).map { "customer-\($0)" }
        let held = ids.filter { assigner.isHoldout(customerID: $0, campaignID: "2026-W48") }
        #expect(abs(Double(held.count) / Double(ids.count) - 0.1) < 0.006)
        #expect(held == ids.filter { assigner.isHoldout(customerID: $0, campaignID: "2026-W48") })
        let nextWeek = Set(ids.filter { assigner.isHoldout(customerID: $0, campaignID: "2026-W49") })
        let overlap = Double(Set(held).intersection(nextWeek).count) / Double(held.count)
        #expect(overlap < 0.15)  // a new campaign draws afresh (≈ 10 % overlap by chance)
        #expect(!HoldoutAssigner(share: 0).isHoldout(customerID: "x", campaignID: "y"))
        #expect(HoldoutAssigner.stableHash("a", "b") == HoldoutAssigner.stableHash("a", "b"))
        #expect(HoldoutAssigner.stableHash("a", "b") != HoldoutAssigner.stableHash("b", "a"))
    }
}
