import ChurnModel
import Testing
@testable import ChurnDecisions

@Suite struct LiftEstimateTests {
    @Test func newcombeIntervalMatchesThePublishedExample() throws {
        // Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 − 48/80,
        // method 10 (hybrid score): 0.0524 to 0.3339.
        let estimate = try #require(LiftEstimate(treatedCount: 70, treatedRetained: 56, controlCount: 80, controlRetained: 48))
        #expect(abs(estimate.lift - (0.8 - 0.6)) < 1e-12)
        #expect(abs(estimate.lower - 0.0524) < 5e-4)
        #expect(abs(estimate.upper - 0.3339) < 5e-4)
        #expect(estimate.contains(0.2) && !estimate.contains(0))
    }

    @Test func normalQuantileIsAccurate() {
        #expect(abs(LiftEstimate.normalQuantile(0.975) - 1.959964) < 1e-6)
        #expect(abs(LiftEstimate.normalQuantile(0.5)) < 1e-12)
        #expect(abs(LiftEstimate.normalQuantile(0.01) + 2.326348) < 1e-6)
    }

    @Test func intervalCoversTheTrueDifferenceAboutAsOftenAsItClaims() {
        var generator = SplitMix64(seed: 4)
        var covered = 0
        let trials = 2_000
        for _ in 0..<trials {
            let treated = (0..<200).filter { _ in generator.nextUnit() < 0.7 }.count
            let control = (0..<60).filter { _ in generator.nextUnit() < 0.6 }.count
            let estimate = LiftEstimate(treatedCount: 200, treatedRetained: treated, controlCount: 60, controlRetained: control)!
            if estimate.contains(0.1) { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        #expect(coverage > 0.93 && coverage < 0.975)
    }

    @Test func emptyGroupsGiveNoEstimate() {
        #expect(LiftEstimate(treatedCount: 0, treatedRetained: 0, controlCount: 5, controlRetained: 1) == nil)
        let outcomes = [RetentionOutcome(customerID: "a", campaignID: "k", segment: "s", offerID: "o", churnProbability: 0.5, retained: true)]
        #expect(LiftEstimate(outcomes: outcomes) == nil)
    }
}
