import Foundation
import Testing
@testable import ChurnDecisions

@Suite struct CampaignPlannerTests {
    @Test func planHasFunnelHoldoutTTLAndPriorityOrder() throws {
        var program = try RetentionProgram(yaml: RetentionProgramYAMLTests.issueExample)
        program.holdoutShare = 0.2
        let population = RetentionSimulator(seed: 11).population(count: 5_000)
        let customers = population.map(\.input)
        let plan = CampaignPlanner(program: program).plan(customers: customers, campaignID: "2026-W48", asOf: TestCustomers.asOf)

        #expect(plan.programID == "churn-prevention")
        #expect(plan.expiresAt == TestCustomers.asOf.addingTimeInterval(30 * 86_400))
        #expect(plan.funnel.entered == 5_000)
        #expect(plan.funnel.stages.map(\.name) == [
            "risk-tier", "trust", "churn-signal", "customer-value", "eligibility", "frequency-cap", "expected-value", "holdout",
        ])
        // The stages add up: each starts where the previous one left off.
        var left = plan.funnel.entered
        for stage in plan.funnel.stages {
            #expect(stage.remaining == left - stage.removed)
            left = stage.remaining
        }
        #expect(plan.candidates.count == plan.funnel.remaining)
        #expect(plan.holdout.count == plan.funnel.removed(by: "holdout"))
        #expect(!plan.candidates.isEmpty && !plan.holdout.isEmpty)
        let share = Double(plan.holdout.count) / Double(plan.holdout.count + plan.candidates.count)
        #expect(share > 0.1 && share < 0.3)

        #expect(zip(plan.candidates, plan.candidates.dropFirst()).allSatisfy { $0.priority >= $1.priority })
        #expect(plan.candidates.allSatisfy { $0.expectedValue > 0 && !$0.isHoldout })
        #expect(plan.holdout.allSatisfy { $0.isHoldout })
        for candidate in plan.candidates {
            let offer = program.offers.first { $0.id == candidate.offerID }!
            #expect(offer.riskLevel <= candidate.riskLevel)
            #expect(program.channels.contains(candidate.channel))
            #expect(candidate.reasons.first?.hasPrefix("risk \(candidate.riskLevel.rawValue)") == true)
        }
        #expect(Set(plan.candidates.map(\.route)).isSubset(of: [.urgent, .manualReview, .autoExecute]))
        let targeted = Set((plan.candidates + plan.holdout).map(\.customerID))
        #expect(plan.monitored.allSatisfy { !targeted.contains($0) })
        #expect(!plan.monitored.isEmpty)
        #expect(!plan.segments.isEmpty)

        // Deterministic: planning again gives the same plan.
        let again = CampaignPlanner(program: program).plan(customers: customers, campaignID: "2026-W48", asOf: TestCustomers.asOf)
        #expect(again == plan)
    }

    @Test func defaultProgramPlansWithoutAProgramFile() {
        let customers = RetentionSimulator(seed: 12).population(count: 2_000).map(\.input)
        let plan = CampaignPlanner(program: .default).plan(customers: customers, campaignID: "c", asOf: TestCustomers.asOf)
        #expect(plan.programID == "default")
        #expect(plan.candidates.count > 0)
        #expect(plan.candidates.allSatisfy { $0.riskLevel >= .medium && $0.riskLevel != .critical })
        #expect(plan.funnel.removed(by: "risk-tier")! > 0)
    }
}

@Suite struct CampaignPlanCodingTests {
    @Test func planRoundTripsThroughJSON() throws {
        let customers = RetentionSimulator(seed: 13).population(count: 300).map(\.input)
        let plan = CampaignPlanner(program: .default).plan(customers: customers, campaignID: "c", asOf: TestCustomers.asOf)
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(CampaignPlan.self, from: data) == plan)
        #expect(String(decoding: data, as: UTF8.self).contains("\"route\":\"auto-execute\""))
    }
}

@Suite struct ReasonFormattingTests {
    @Test func fixedPointMatchesPrintf() {
        for value in [0, 0.005, -0.004, -0.05, 1.5, 2.345, -1234.567, 99.995, 1e6 + 0.1] {
            #expect(CampaignPlanner.format(value, 2) == String(format: "%.2f", value).replacingOccurrences(of: "-0.00", with: "0.00"),
                    "\(value)")
        }
        #expect(CampaignPlanner.format(2_339.6, 0) == "2340")
        #expect(CampaignPlanner.format(-0.4, 0) == "0")
    }
}
