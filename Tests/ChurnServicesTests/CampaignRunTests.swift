import ChurnData
import ChurnDecisions
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnServices

/// Campaigns planned from a real SQLite store: funnel, stored candidates, cool-down across
/// campaigns, learning from recorded outcomes, and clear refusals.
@Suite struct CampaignRunTests {
    @Test func plansFromLoggedScoresAndStoresCandidates() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 2_000)
            let run = CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-01")!, actor: "test")
            let result = try await run.run()

            #expect(result.campaign.campaignID == "default-2025-10-01")
            #expect(result.summary.scored == 2_000)
            #expect(result.summary.funnel.entered == 2_000)
            // Only HIGH and MEDIUM (p ≥ 0.40) pass the tier stage: 60 of every 100 customers.
            #expect(result.summary.funnel.stages.first?.remaining == 1_200)
            let planned = result.plan.candidates.count + result.plan.holdout.count
            #expect(planned > 0 && result.plan.holdout.count > 0)
            #expect(result.plan.candidates.allSatisfy { $0.churnProbability >= 0.4 && $0.expectedValue > 0 })
            // Every planned customer shows at least one churn signal (the default chain asks for one).
            #expect((result.plan.candidates + result.plan.holdout).allSatisfy { !$0.reasons.isEmpty })

            let stored = try await store.campaigns.allCandidates(campaignID: result.campaign.campaignID)
            #expect(stored.count == planned)
            #expect(stored.filter(\.isHoldout).count == result.plan.holdout.count)
            let campaign = try #require(try await store.campaigns.campaign(id: "default-2025-10-01"))
            #expect(campaign.candidates == result.plan.candidates.count)
            #expect(abs(campaign.expiresAt.timeIntervalSince(result.plan.asOf) - 30 * 86_400) < 1)
            let summary = try CampaignSummary.decode(campaign.summaryJSON)
            #expect(summary == result.summary)

            await #expect(throws: StoreError.campaignAlreadyExists("default-2025-10-01")) { try await run.run() }
        }
    }

    @Test func recentlyContactedCustomersAreNotContactedAgain() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 1_000)
            let first = try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-01")!, actor: "test").run()
            // A week later, same scores (re-logged for the new date).
            try await CampaignFixtures.seed(store, customers: 1_000, asOf: "2025-10-08")
            let second = try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-08")!, actor: "test").run()

            let contacted = Set(first.plan.candidates.map(\.customerID))
            #expect(!contacted.isEmpty)
            #expect(second.plan.candidates.allSatisfy { !contacted.contains($0.customerID) })
            #expect(second.summary.funnel.removed(by: "eligibility") == contacted.count)
            // The first campaign's holdout got no offer, so it may be planned again.
            let heldOut = Set(first.plan.holdout.map(\.customerID))
            #expect(!heldOut.isDisjoint(with: (second.plan.candidates + second.plan.holdout).map(\.customerID)))
        }
    }

    @Test func outcomesTeachTheNextCampaign() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 1_000)
            let first = try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-01")!, actor: "test").run()
            // Everyone who got an offer churned anyway: the offers' beliefs must fall.
            for candidate in first.plan.candidates {
                try await store.outcomes.record(OutcomeRecord(
                    outcomeID: "o-\(candidate.customerID)", campaignID: first.campaign.campaignID, customerID: candidate.customerID,
                    retained: false, observedAt: Date(), recordedBy: "test"))
            }
            try await CampaignFixtures.seed(store, customers: 1_000, asOf: "2026-01-05")
            let second = try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2026-01-05")!, actor: "test").run()
            let firstLift = first.plan.candidates.map(\.lift).reduce(0, +) / Double(first.plan.candidates.count)
            let secondLift = second.plan.candidates.isEmpty ? 0 : second.plan.candidates.map(\.lift).reduce(0, +) / Double(second.plan.candidates.count)
            #expect(secondLift < firstLift)
            // Lower believed lift means fewer offers worth their cost.
            #expect(second.plan.candidates.count < first.plan.candidates.count)
        }
    }

    @Test func refusesADateWithoutScores() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 10)
            await #expect(throws: CampaignRunError.noScores(asOf: "2025-11-01")) {
                try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-11-01")!, actor: "test").run()
            }
            #expect(try await store.campaigns.list().isEmpty)
        }
    }

    @Test func customersWithoutRevenueAreCountedNotPlanned() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 100)
            _ = try await store.onlineFeatures.upsert([
                StoredFeatures(customerID: "cust-00002", asOf: "2025-10-01", featuresJSON: #"{"plan":"basic","logins_30d":1}"#)
            ])
            let result = try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-01")!, actor: "test").run()
            // cust-00002 (p = 0.74) has no revenue feature: counted, not planned.
            #expect(result.summary.withoutRevenue == 1)
            #expect(result.summary.funnel.entered == 99)
            #expect(result.plan.candidates.allSatisfy { $0.customerID != "cust-00002" })
        }
    }

    @Test func planExportsAsCSVAndJSON() throws {
        let expires = Date(timeIntervalSince1970: 1_762_000_000)
        let row = CandidateRecord(
            campaignID: "c", customerID: "=cmd", programID: "p", asOf: "2025-10-01", riskLevel: "HIGH", churnProbability: 0.8,
            segment: "high-value, disengaging", offerID: "premium", offerType: "premium", channel: "phone", route: "urgent",
            lifetimeValue: 1234.5, lift: 0.3, cost: 50, expectedValue: 246.4, priority: 246.4,
            reasonsJSON: #"["risk HIGH: p = 0.80","said \"bye\""]"#, isHoldout: false, expiresAt: expires)
        let csv = CampaignPlanExport.csv([row])
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == CampaignPlanExport.csvHeader.joined(separator: ","))
        #expect(lines[1].hasPrefix("'=cmd,HIGH,0.8000,\"high-value, disengaging\",premium,premium,phone,urgent,1234.50,246.40,50.00,false,"))
        #expect(lines[1].hasSuffix(#","risk HIGH: p = 0.80; said ""bye""""#))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(try CampaignPlanExport.json([row]).utf8)) as? [[String: Any]])
        #expect(parsed[0]["customer_id"] as? String == "=cmd")
        #expect(parsed[0]["reasons"] as? [String] == ["risk HIGH: p = 0.80", #"said "bye""#])
    }
}

@Suite struct CampaignSchedulerTests {
    @Test func firesOncePerScoredDay() async throws {
        try await withTestStore { store, _ in
            let scheduler = try CampaignScheduler(store: store, program: .default)
            #expect(scheduler.schedule.expression == "0 2 * * MON")
            #expect(try await scheduler.fire() == .noScores)
            try await CampaignFixtures.seed(store, customers: 300, asOf: "2025-10-01")
            guard case .planned(let id, let candidates) = try await scheduler.fire() else {
                Issue.record("expected a planned campaign")
                return
            }
            #expect(id == "default-2025-10-01" && candidates > 0)
            #expect(try await scheduler.fire() == .alreadyPlanned(campaignID: "default-2025-10-01"))
            // A newer scored day is planned next time.
            try await CampaignFixtures.seed(store, customers: 300, asOf: "2025-10-08")
            guard case .planned(let next, _) = try await scheduler.fire() else {
                Issue.record("expected the newer day to be planned")
                return
            }
            #expect(next == "default-2025-10-08")
        }
    }

    @Test func aProgramWithoutScheduleIsRefused() async throws {
        try await withTestStore { store, _ in
            var program = RetentionProgram.default
            program.schedule = nil
            #expect(throws: CampaignSchedulerError.noSchedule("default")) { try CampaignScheduler(store: store, program: program) }
        }
    }
}
