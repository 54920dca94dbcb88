import ChurnStore
import Foundation
import Testing

/// `churnguard campaign` through the real executable: a program file drives a campaign from logged
/// scores to a stored plan and CSV, outcomes come back from a CSV file, and mistakes are named.
@Suite(.serialized) struct CampaignCommandTests {
    static let program = """
        programId: cli-test
        tiers: {high: 0.20, medium: 0.02}
        filterChain:
          - {type: trust}
          - {type: eligibility}
          - {type: frequency-cap, maxOffersPerQuarter: 1}
        offers:
          - {riskLevel: high, offerType: standard, discount: 30, durationMonths: 3}
          - {riskLevel: medium, offerType: engagement, discount: 15, durationMonths: 1}
        channels: [email, in-app]
        candidateTTLDays: 14
        holdoutShare: 0.2
        """

    @Test func programFileDrivesACampaignFromScoresToPlanAndOutcomes() async throws {
        let (home, _) = try await BatchScoringTests.prepareHome(customers: 300, modelVersion: "campaign-e2e")
        let directory = (home as NSString).deletingLastPathComponent
        let programFile = directory + "/program.yaml"
        try Self.program.write(toFile: programFile, atomically: true, encoding: .utf8)
        let plan = directory + "/plan.csv"

        // Before scoring there is nothing to plan from, and the error says what to run.
        let early = try await CLIProcess.run(["campaign", "run", "--program", programFile, "--as-of", BatchScoringTests.asOf, "--home", home])
        #expect(early.status != 0)
        #expect(early.standardError.contains("churnguard score --as-of \(BatchScoringTests.asOf)"), "\(early.standardError)")

        try await BatchScoringTests.check(CLIProcess.run(["score", "--as-of", BatchScoringTests.asOf, "--home", home, "--no-reasons"]))
        let run = try await BatchScoringTests.check(CLIProcess.run(
            ["campaign", "run", "--program", programFile, "--as-of", BatchScoringTests.asOf, "--home", home, "--out", plan]))
        let campaignID = "cli-test-\(BatchScoringTests.asOf)"
        #expect(run.standardOutput.contains("campaign \(campaignID)"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("funnel:") && run.standardOutput.contains("risk-tier") && run.standardOutput.contains("holdout"))

        let (candidates, holdout, programLines) = try await BatchScoringTests.withStore(home: home) { store in
            let all = try await store.campaigns.allCandidates(campaignID: campaignID)
            return (all.filter { !$0.isHoldout }, all.filter(\.isHoldout), try await store.auditLog.entries(target: "program:cli-test"))
        }
        #expect(!candidates.isEmpty && !holdout.isEmpty)
        // The program's use is audited once per version (the early, failed run used it first).
        #expect(programLines.map(\.action) == ["program.load"], "\(programLines)")
        let lines = try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + candidates.count + holdout.count)
        #expect(lines[0].hasPrefix("customer_id,risk_level,churn_probability"))
        #expect(candidates.allSatisfy { ["email", "in-app"].contains($0.channel) })

        // Planning the same campaign again is refused and changes nothing.
        let again = try await CLIProcess.run(["campaign", "run", "--program", programFile, "--as-of", BatchScoringTests.asOf, "--home", home])
        #expect(again.status != 0)
        #expect(again.standardError.contains("already exists"), "\(again.standardError)")

        // Outcomes from a CSV: two good lines, one bad value, one stranger; then the same file again.
        let outcomes = directory + "/outcomes.csv"
        try """
            outcome_id,campaign_id,customer_id,retained,observed_at,notes
            o-1,\(campaignID),\(candidates[0].customerID),true,2025-08-30,"took the offer, asked for a call"
            o-2,\(campaignID),\(holdout[0].customerID),churned,2025-08-30,
            o-3,\(campaignID),\(candidates[0].customerID),maybe,2025-08-30,
            o-4,\(campaignID),stranger,true,2025-08-30,
            """.write(toFile: outcomes, atomically: true, encoding: .utf8)
        let first = try await CLIProcess.run(["campaign", "outcomes", "--file", outcomes, "--home", home])
        #expect(first.status != 0)
        #expect(first.standardOutput.contains("outcomes: 2 recorded, 0 already recorded, 2 refused"), "\(first.standardOutput)")
        #expect(first.standardError.contains("line 4: retained"), "\(first.standardError)")
        #expect(first.standardError.contains("line 5: customer stranger is not a candidate"), "\(first.standardError)")
        let notes = try await BatchScoringTests.withStore(home: home) { store in
            try await store.outcomes.outcome(campaignID: campaignID, customerID: candidates[0].customerID)?.notes
        }
        #expect(notes == "took the offer, asked for a call")
        let second = try await CLIProcess.run(["campaign", "outcomes", "--file", outcomes, "--home", home])
        #expect(second.standardOutput.contains("outcomes: 0 recorded, 2 already recorded, 2 refused"), "\(second.standardOutput)")

        let show = try await BatchScoringTests.check(CLIProcess.run(["campaign", "show", campaignID, "--home", home]))
        #expect(show.standardOutput.contains("results (2 outcomes)"), "\(show.standardOutput)")
        #expect(show.standardOutput.contains("treated retained 1/1"), "\(show.standardOutput)")
        let list = try await BatchScoringTests.check(CLIProcess.run(["campaign", "list", "--home", home]))
        #expect(list.standardOutput.contains(campaignID))
    }

    @Test func aBadProgramFileNamesTheKeyAndLine() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let programFile = directory.appendingPathComponent("bad.yaml").path
        try "programId: x\ntiers: {high: 0.7, medium: 0.4}\nholdoutShare: 2\n".write(toFile: programFile, atomically: true, encoding: .utf8)
        let result = try await CLIProcess.run(["campaign", "run", "--program", programFile, "--as-of", "2025-06-01",
                                         "--home", directory.appendingPathComponent("home").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("holdoutShare"), "\(result.standardError)")
        #expect(result.standardError.contains("line 3"), "\(result.standardError)")
    }
}
