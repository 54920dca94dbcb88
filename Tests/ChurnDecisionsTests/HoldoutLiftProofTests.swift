import ChurnModel
import Testing
@testable import ChurnDecisions

/// Issue 6, section 4: the lift measured against the holdout estimates the simulated true lift
/// within its confidence interval.
@Suite struct HoldoutLiftProofTests {
    @Test func holdoutLiftCoversTheTrueLift() throws {
        var program = RetentionProgram.default
        program.holdoutShare = 0.2
        let simulator = RetentionSimulator(seed: 31)
        let population = simulator.population(count: 60_000)
        let byID = Dictionary(uniqueKeysWithValues: population.map { ($0.input.customerID, $0) })
        let plan = CampaignPlanner(program: program).plan(customers: population.map(\.input), campaignID: "2026-W48",
                                                          asOf: TestCustomers.asOf)
        let offerType = Dictionary(uniqueKeysWithValues: program.offers.map { ($0.id, $0.offerType) })

        var generator = SplitMix64(seed: 5)
        var outcomes: [RetentionOutcome] = []
        var trueLift = 0.0
        let everyone = plan.candidates + plan.holdout
        for candidate in everyone {
            let customer = byID[candidate.customerID]!
            let type = offerType[candidate.offerID]!
            // What the offer truly adds to this customer's chance of staying.
            trueLift += customer.trueChurnProbability * customer.trueLift(offerType: type)
            outcomes.append(RetentionOutcome(
                customerID: candidate.customerID, campaignID: plan.campaignID, segment: candidate.segment,
                offerID: candidate.isHoldout ? nil : candidate.offerID, churnProbability: candidate.churnProbability,
                retained: simulator.retained(customer, offerType: candidate.isHoldout ? nil : type, using: &generator)))
        }
        trueLift /= Double(everyone.count)

        let estimate = try #require(LiftEstimate(outcomes: outcomes))
        print("holdout lift: treated \(estimate.treatedCount), control \(estimate.controlCount), estimate \(estimate.lift)"
              + " [\(estimate.lower), \(estimate.upper)], true \(trueLift)")
        #expect(estimate.controlCount == plan.holdout.count)
        #expect(estimate.contains(trueLift))
        #expect(estimate.lower > 0)  // the offers work, and the holdout shows it
    }
}
