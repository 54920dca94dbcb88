import Foundation
import Testing
@testable import ChurnStore

/// Campaigns, candidates with their TTL, offer history and idempotent outcomes.
@Suite("Store contract: campaigns, candidates and outcomes") struct CampaignContract {
    static let asOf = Date(timeIntervalSince1970: 1_759_276_800)  // 2025-10-01

    static func campaign(_ id: String, program: String = "churn-prevention", day: String = "2025-10-01",
                         candidates: Int = 0, holdout: Int = 0, ttlDays: Double = 30) -> CampaignRecord {
        let planned = Self.date(day)
        return CampaignRecord(campaignID: id, programID: program, asOf: day, createdAt: planned,
                       expiresAt: planned.addingTimeInterval(ttlDays * 86_400), createdBy: "test",
                       candidates: candidates, holdout: holdout, summaryJSON: #"{"funnel": {"entered": 10}}"#)
    }

    static func date(_ day: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: day)!
    }

    static func candidates(_ campaign: CampaignRecord, _ range: Range<Int>, holdoutEvery: Int = 10) -> [CandidateRecord] {
        range.map { i in
            CandidateRecord(
                campaignID: campaign.campaignID, customerID: "c\(i)", programID: campaign.programID, asOf: campaign.asOf,
                riskLevel: i % 3 == 0 ? "HIGH" : "MEDIUM", churnProbability: Double(i % 100) / 100, segment: "s\(i % 2)",
                offerID: i % 3 == 0 ? "high-premium" : "medium-engagement", offerType: "premium", channel: "email",
                route: "auto-execute", lifetimeValue: 1_000 + Double(i), lift: 0.2, cost: 10, expectedValue: Double(i),
                priority: Double(i), reasonsJSON: #"["risk HIGH: p = 0.80"]"#, isHoldout: i % holdoutEvery == 0,
                expiresAt: campaign.expiresAt)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func storesAndPagesCandidates(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let first = Self.campaign("cp-1", candidates: 1_080, holdout: 120)
            let rows = Self.candidates(first, 0..<1_200)  // more rows than one statement carries
            try await store.campaigns.create(first, candidates: rows)

            let read = try #require(try await store.campaigns.campaign(id: "cp-1"))
            #expect(read.programID == "churn-prevention")
            #expect(read.candidates == 1_080 && read.holdout == 120)
            #expect(abs(read.expiresAt.timeIntervalSince(first.expiresAt)) < 0.001)
            #expect(try await store.campaigns.candidateCount(campaignID: "cp-1") == 1_080)
            #expect(try await store.campaigns.candidateCount(campaignID: "cp-1", includeHoldout: true) == 1_200)
            #expect(try await store.campaigns.candidateCount(campaignID: "cp-1", riskLevel: "HIGH") == 360)

            let page1 = try await store.campaigns.candidates(campaignID: "cp-1", riskLevel: "HIGH", limit: 100)
            let page2 = try await store.campaigns.candidates(campaignID: "cp-1", riskLevel: "HIGH", limit: 100, offset: 100)
            #expect(page1.count == 100 && page2.count == 100)
            #expect(page1.first?.customerID == "c1197")  // highest priority first
            #expect(Set(page1.map(\.customerID)).isDisjoint(with: page2.map(\.customerID)))
            #expect((page1 + page2).allSatisfy { $0.riskLevel == "HIGH" && !$0.isHoldout })
            let all = try await store.campaigns.allCandidates(campaignID: "cp-1")
            #expect(all.count == 1_200)
            #expect(all.first { $0.customerID == "c7" } == rows[7])

            // The same id again is refused and writes nothing.
            await #expect(throws: StoreError.campaignAlreadyExists("cp-1")) {
                try await store.campaigns.create(first, candidates: Self.candidates(first, 5_000..<5_010))
            }
            #expect(try await store.campaigns.allCandidates(campaignID: "cp-1").count == 1_200)
            #expect(try await store.campaigns.list().map(\.campaignID) == ["cp-1"])
            #expect(try await store.auditLog.entries(target: "campaign:cp-1").map(\.action) == ["campaign.create"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badCandidatesWriteNothing(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let plan = Self.campaign("cp-bad", candidates: 3)
            var rows = Self.candidates(plan, 0..<3)
            rows[2].churnProbability = 1.5
            await #expect(throws: StoreError.invalidValue(field: "candidates[2].churn_probability", reason: "1.5 is not a probability in [0, 1]")) {
                try await store.campaigns.create(plan, candidates: rows)
            }
            #expect(try await store.campaigns.campaign(id: "cp-bad") == nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func offerHistoryAndActiveCandidates(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let july = Self.campaign("cp-july", day: "2025-07-01", ttlDays: 30)
            let september = Self.campaign("cp-sep", day: "2025-09-01", ttlDays: 60)
            let other = Self.campaign("cp-other", program: "win-back", day: "2025-09-15")
            try await store.campaigns.create(july, candidates: Self.candidates(july, 0..<20))
            try await store.campaigns.create(september, candidates: Self.candidates(september, 10..<30))
            try await store.campaigns.create(other, candidates: Self.candidates(other, 0..<50))

            let history = try await store.campaigns.offerHistory(programID: "churn-prevention", since: "2025-07-01", before: "2025-10-01")
            #expect(history["c11"] == OfferHistory(lastOfferDay: "2025-09-01", offers: 2))
            #expect(history["c5"] == OfferHistory(lastOfferDay: "2025-07-01", offers: 1))
            #expect(history["c25"] == OfferHistory(lastOfferDay: "2025-09-01", offers: 1))
            #expect(history["c0"] == nil && history["c10"] == nil && history["c20"] == nil)  // holdout: no offer made
            #expect(history["c40"] == nil)  // only in another program
            let recent = try await store.campaigns.offerHistory(programID: "churn-prevention", since: "2025-08-01", before: "2025-10-01")
            #expect(recent["c5"] == nil)

            // On 2025-10-10 cp-july (expired 2025-07-31) is not active; cp-sep (to 2025-10-31) and cp-other
            // (to 2025-10-15) are, and the latest snapshot wins.
            #expect(try await store.campaigns.activeCandidate(customerID: "c15", at: Self.date("2025-10-10"))?.campaignID == "cp-other")
            #expect(try await store.campaigns.activeCandidate(customerID: "c15", at: Self.date("2025-10-20"))?.campaignID == "cp-sep")
            #expect(try await store.campaigns.activeCandidate(customerID: "c25", at: Self.date("2025-11-01")) == nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func outcomesAreIdempotentAndChecked(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let plan = Self.campaign("cp-o")
            try await store.campaigns.create(plan, candidates: Self.candidates(plan, 0..<10))
            let outcome = OutcomeRecord(outcomeID: "o-1", campaignID: "cp-o", customerID: "c3", retained: true,
                                        observedAt: Self.asOf.addingTimeInterval(90 * 86_400), recordedBy: "crm")
            #expect(try await store.outcomes.record(outcome) == .recorded)
            #expect(try await store.outcomes.record(outcome) == .alreadyRecorded)

            var changed = outcome
            changed.retained = false
            await #expect(throws: StoreError.self) { try await store.outcomes.record(changed) }
            var second = outcome
            second.outcomeID = "o-2"
            await #expect(throws: StoreError.outcomeConflict(outcomeID: "o-2", reason: "customer c3 of campaign cp-o already has outcome o-1")) {
                try await store.outcomes.record(second)
            }
            var unknownCustomer = outcome
            unknownCustomer.outcomeID = "o-3"
            unknownCustomer.customerID = "nobody"
            await #expect(throws: StoreError.customerNotInCampaign(customerID: "nobody", campaignID: "cp-o")) {
                try await store.outcomes.record(unknownCustomer)
            }
            var unknownCampaign = outcome
            unknownCampaign.outcomeID = "o-4"
            unknownCampaign.campaignID = "cp-none"
            await #expect(throws: StoreError.campaignNotFound("cp-none")) { try await store.outcomes.record(unknownCampaign) }

            var holdout = outcome
            holdout.outcomeID = "o-5"
            holdout.customerID = "c0"
            holdout.retained = false
            #expect(try await store.outcomes.record(holdout) == .recorded)

            let joined = try await store.outcomes.outcomes(campaignID: "cp-o")
            #expect(joined.map(\.outcome.outcomeID) == ["o-1", "o-5"])
            #expect(joined[0].candidate.customerID == "c3" && joined[0].outcome.retained)
            #expect(joined[1].candidate.isHoldout && !joined[1].outcome.retained)
            #expect(try await store.outcomes.outcomes(programID: "churn-prevention").count == 2)
            #expect(try await store.outcomes.outcomes(programID: "win-back").isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func scoresAndFeaturesForPlanning(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            #expect(try await store.predictionsLog.latestScoredDay() == nil)
            try await store.predictionsLog.insert(PredictionsLogContract.batch(0..<300))
            try await store.predictionsLog.insert(PredictionsLogContract.batch(0..<50, servedBy: .shadow))
            try await store.predictionsLog.insert(PredictionsLogContract.batch(0..<10, asOf: "2025-02-01"))
            #expect(try await store.predictionsLog.scoredCustomers(asOf: "2025-01-01") == 300)
            #expect(try await store.predictionsLog.latestScoredDay() == "2025-02-01")
            let risky = try await store.predictionsLog.scores(asOf: "2025-01-01", minimumProbability: 0.7)
            #expect(risky.count == 90)  // probabilities 0.70…0.99 of each hundred
            #expect(risky.allSatisfy { $0.churnProbability >= 0.7 && $0.servedBy == .production })
            #expect(risky.map(\.customerID) == risky.map(\.customerID).sorted())

            _ = try await store.onlineFeatures.upsert((0..<1_200).map {
                StoredFeatures(customerID: "c\($0)", asOf: "2025-01-01", featuresJSON: #"{"mrr": \#($0)}"#)
            })
            let wanted = (0..<1_100).map { "c\($0 * 2)" }  // more ids than one IN list carries; half unknown
            let found = try await store.onlineFeatures.features(customerIDs: wanted)
            #expect(found.count == 600)
            #expect(Set(found.map(\.customerID)) == Set((0..<600).map { "c\($0 * 2)" }))
        }
    }
}

