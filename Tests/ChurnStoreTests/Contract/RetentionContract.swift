import Foundation
import Testing
@testable import ChurnStore

/// The retention purge deletes personal data older than its cutoffs, in chunks, and keeps what a
/// campaign still rests on, undelivered messages, the customers table and churn events.
@Suite("Store contract: retention purge") struct RetentionContract {
    static func day(_ text: String) -> Date { RetentionPurge.startOfDay(text) }

    static func seed(_ store: ChurnStore) async throws {
        let specs = Dictionary(uniqueKeysWithValues: RawTableSpec.all.map { ($0.table, $0) })
        _ = try await store.rawTables.insert([["c1", "2023-01-01", "pro", "smb", "DE", "annual", "2026-01-01", "99"]], into: specs["raw_customers"]!)
        _ = try await store.rawTables.insert(
            (0..<25).map { ["c1", String(format: "2023-12-%02d", $0 + 1), "1", "1", "1", "0"] } + [["c1", "2024-06-01", "1", "1", "1", "0"]],
            into: specs["raw_engagement_daily"]!)
        _ = try await store.rawTables.insert([["t-old", "c1", "2023-11-30T10:00:00Z", "99", "paid"], ["t-new", "c1", "2024-02-01T10:00:00Z", "99", "paid"]],
                                             into: specs["raw_transactions"]!)
        _ = try await store.rawTables.insert([["c1", "2023-12-20T10:00:00Z", "price"]], into: specs["raw_churn_events"]!)
        // c1's old score backs a campaign; c2's old score does not; c3's is recent; one old online score.
        _ = try await store.predictionsLog.insert(["c1", "c2"].map {
            PredictionRecord(customerID: $0, asOf: "2023-12-01", churnProbability: 0.8, churnRiskLevel: "HIGH", modelVersion: "v1", inferenceFeaturesJSON: "{}")
        } + [PredictionRecord(customerID: "c3", asOf: "2024-03-01", churnProbability: 0.2, churnRiskLevel: "LOW", modelVersion: "v1", inferenceFeaturesJSON: "{}")])
        try await store.predictionsLog.append([PredictionRecord(
            customerID: "c4", predictionTimestamp: day("2023-06-01"), churnProbability: 0.5, churnRiskLevel: "MEDIUM", modelVersion: "v1",
            inferenceFeaturesJSON: "{}")])
        let campaign = CampaignRecord(campaignID: "cp-old", programID: "p", asOf: "2023-12-01", expiresAt: day("2023-12-31"), createdBy: "test", candidates: 1, holdout: 0)
        let candidate = CandidateRecord(
            campaignID: "cp-old", customerID: "c1", programID: "p", asOf: "2023-12-01", riskLevel: "HIGH", churnProbability: 0.8, segment: "s",
            offerID: "discount", offerType: "discount", channel: "email", route: "auto-execute", lifetimeValue: 1_000, lift: 0.2, cost: 10,
            expectedValue: 150, priority: 1, reasonsJSON: "[]", isHoldout: false, expiresAt: campaign.expiresAt)
        try await store.campaigns.create(campaign, candidates: [candidate], messages: [])
        // Three messages: one delivered, one dead, one still pending.
        let drafts = (1...3).map { OutboxMessageDraft(destination: "hooks", kind: "retention.action", idempotencyKey: "k\($0)", payloadJSON: #"{"data": {}}"#) }
        _ = try await store.outbox.enqueue(drafts, at: day("2024-01-05"))
        let claimed = try await store.outbox.claim(destinations: ["hooks"], owner: "w", limit: 2, lease: 60, now: day("2024-01-05"))
        try await store.outbox.record([OutboxOutcome(messageID: claimed[0].id, result: .delivered, status: 200),
                                       OutboxOutcome(messageID: claimed[1].id, result: .dead, status: 400)], at: day("2024-01-05"))
    }

    @Test(arguments: TestBackend.allCases)
    func purgesWhatIsOlderThanTheCutoffsAndKeepsWhatIsStillNeeded(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seed(store)
            let cutoffs = RetentionCutoffs(
                predictionsBefore: "2024-01-01", rawActivityBefore: "2024-01-01", deliveredMessagesBefore: Self.day("2024-02-01"))
            let preview = try await store.retention.purge(cutoffs, dryRun: true, actor: "dpo")
            let expected = ["predictions_log": 2, "raw_engagement_daily": 25, "raw_transactions": 1, "raw_support_tickets": 0,
                            "raw_subscription_changes": 0, "outbox_messages": 1]
            #expect(Dictionary(uniqueKeysWithValues: preview.map { ($0.table, $0.rows) }) == expected)
            #expect(try await store.rawTables.count(RawTableSpec.all.first { $0.table == "raw_engagement_daily" }!) == 26, "a dry run deletes nothing")

            // Chunks of 10: the 25 old engagement days go in three statements.
            let progress = ProgressLog()
            let purged = try await store.retention.purge(cutoffs, dryRun: false, actor: "dpo", chunk: 10) { progress.add($0) }
            #expect(Dictionary(uniqueKeysWithValues: purged.map { ($0.table, $0.rows) }) == expected)
            #expect(progress.values.filter { $0.table == "raw_engagement_daily" }.map(\.rows) == [10, 20, 25])

            // c1's old score stays (a campaign rests on it), c3's is recent; c2's and the old online one are gone.
            #expect(try await store.predictionsLog.history(customerID: "c1").count == 1)
            #expect(try await store.predictionsLog.history(customerID: "c2").isEmpty)
            #expect(try await store.predictionsLog.history(customerID: "c3").count == 1)
            #expect(try await store.predictionsLog.history(customerID: "c4").isEmpty)
            #expect(try await store.rawTables.churnDays() == ["c1": "2023-12-20"])
            #expect(try await store.rawTables.count(RawTableSpec.all.first { $0.table == "raw_customers" }!) == 1)
            let states = try await store.outbox.messages().map(\.state)
            #expect(states.sorted { $0.rawValue < $1.rawValue } == [.dead, .pending])
            let audit = try await store.auditLog.entries().filter { $0.action == "retention.purge" }
            let entry = try #require(audit.first)
            let details = try #require(try JSONSerialization.jsonObject(with: Data(entry.detailsJSON.utf8)) as? [String: String])
            #expect(audit.count == 1 && details["raw_engagement_daily"] == "25" && details["predictions_before"] == "2024-01-01")
            #expect(!audit[0].detailsJSON.contains("c2"), "no customer ids in the audit log")

            // Run again: nothing left to purge.
            let again = try await store.retention.purge(cutoffs, dryRun: false, actor: "dpo")
            #expect(again.allSatisfy { $0.rows == 0 })
        }
    }

    /// Candidacies go with their outcomes and free the predictions they rested on in the same run;
    /// outcomes and stale online snapshots have cutoffs of their own; a dry run counts exactly that.
    @Test(arguments: TestBackend.allCases)
    func candidaciesOutcomesAndStaleSnapshotsHaveTheirOwnCutoffs(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seed(store)
            _ = try await store.outcomes.record(OutcomeRecord(outcomeID: "o-old", campaignID: "cp-old", customerID: "c1", retained: true,
                                                              observedAt: Self.day("2023-12-20"), recordedBy: "crm"))
            let recent = CampaignRecord(campaignID: "cp-new", programID: "p", asOf: "2024-03-01", expiresAt: Self.day("2024-03-31"),
                                        createdBy: "test", candidates: 1, holdout: 0)
            try await store.campaigns.create(recent, candidates: [CandidateRecord(
                campaignID: "cp-new", customerID: "c3", programID: "p", asOf: "2024-03-01", riskLevel: "LOW", churnProbability: 0.2, segment: "s",
                offerID: "discount", offerType: "discount", channel: "email", route: "auto-execute", lifetimeValue: 1_000, lift: 0.2, cost: 10,
                expectedValue: 150, priority: 1, reasonsJSON: "[]", isHoldout: false, expiresAt: recent.expiresAt)], messages: [])
            _ = try await store.outcomes.record(OutcomeRecord(outcomeID: "o-new", campaignID: "cp-new", customerID: "c3", retained: false,
                                                              observedAt: Self.day("2024-03-10"), recordedBy: "crm"))
            try await store.onlineFeatures.upsert([StoredFeatures(customerID: "c1", asOf: "2023-12-01", featuresJSON: "{}"),
                                                   StoredFeatures(customerID: "c3", asOf: "2024-03-01", featuresJSON: "{}")])

            let cutoffs = RetentionCutoffs(predictionsBefore: "2024-01-01", candidatesBefore: "2024-01-01", onlineFeaturesBefore: "2024-01-01")
            let preview = try await store.retention.purge(cutoffs, dryRun: true, actor: "dpo")
            // c1's old prediction no longer rests on a kept candidacy: it goes with c2's and c4's.
            let expected = ["retention_outcomes": 1, "campaign_candidates": 1, "predictions_log": 3, "online_features": 1]
            #expect(Dictionary(uniqueKeysWithValues: preview.map { ($0.table, $0.rows) }) == expected)
            let purged = try await store.retention.purge(cutoffs, dryRun: false, actor: "dpo")
            #expect(Dictionary(uniqueKeysWithValues: purged.map { ($0.table, $0.rows) }) == expected)
            #expect(try await store.predictionsLog.history(customerID: "c1").isEmpty)
            #expect(try await store.onlineFeatures.features(customerID: "c1") == nil)
            #expect(try await store.onlineFeatures.features(customerID: "c3") != nil)
            #expect(try await store.campaigns.allCandidates(campaignID: "cp-old").isEmpty)
            #expect(try await store.campaigns.campaign(id: "cp-old") != nil, "the campaign's funnel stays")
            #expect(try await store.outcomes.outcomes(programID: "p").map(\.outcome.outcomeID) == ["o-new"])

            // Outcomes alone: c3's goes, their candidacy stays.
            let outcomes = try await store.retention.purge(RetentionCutoffs(outcomesBefore: Self.day("2024-03-15")), dryRun: false, actor: "dpo")
            #expect(outcomes.map(\.table) == ["retention_outcomes"] && outcomes.first?.rows == 1)
            #expect(try await store.outcomes.outcomes(programID: "p").isEmpty)
            #expect(try await store.campaigns.allCandidates(campaignID: "cp-new").count == 1)
            let audit = try #require(try await store.auditLog.entries().last { $0.action == "retention.purge" })
            #expect(audit.detailsJSON.contains("outcomes_before"))
        }
    }

    @Test func refusesACutoffThatIsNotADay() async throws {
        try await TestBackend.sqlite.withStore { store async throws in
            await #expect(throws: StoreError.self) {
                try await store.retention.purge(RetentionCutoffs(predictionsBefore: "2024-13-01"), dryRun: true, actor: "dpo")
            }
        }
    }
}

/// Progress callbacks arrive from the purge's task; the test reads them afterwards.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [RetentionPurge.TableCount] = []
    func add(_ item: RetentionPurge.TableCount) { lock.withLock { items.append(item) } }
    var values: [RetentionPurge.TableCount] { lock.withLock { items } }
}
