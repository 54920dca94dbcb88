import ChurnDelivery
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnServices

/// The tier sync sends a CRM the HIGH tier once, then only the customers whose tier changed.
@Suite struct TierSyncRunTests {
    static let delivery = DeliveryConfiguration(destinations: [
        DestinationConfiguration(name: "salesforce", kind: .salesforce, url: URL(string: "https://example.my.salesforce.com")!, secrets: ["s"]),
        DestinationConfiguration(name: "hooks", kind: .webhook, url: URL(string: "https://example.com/hook")!, secrets: ["s"]),
    ])

    @Test func firstTheHighTierThenOnlyTheChanges() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 200, asOf: "2025-10-01")
            let first = try await TierSyncRun(store: store, delivery: Self.delivery).run()
            let high = (0..<200).filter { CampaignFixtures.probability($0) >= 0.7 }.count
            #expect(first.asOf == "2025-10-01" && first.scored == 200)
            // Only CRM destinations get syncs; the first one tells the HIGH tier.
            #expect(first.enqueued == ["salesforce": high])
            let messages = try await store.outbox.messages()
            #expect(messages.count == high && messages.allSatisfy { $0.kind == "risk.sync" && $0.destination == "salesforce" })
            #expect(messages.first?.idempotencyKey.hasPrefix("sync/2025-10-01/cust-") == true)

            // The same day again: nothing changed, nothing sent.
            #expect(try await TierSyncRun(store: store, delivery: Self.delivery).run().enqueued == ["salesforce": 0])

            // The next day three customers change tier: two HIGH customers drop to LOW, one LOW rises to HIGH.
            let highIDs = (0..<200).filter { CampaignFixtures.probability($0) >= 0.7 }.prefix(2).map { String(format: "cust-%05d", $0) }
            let lowID = String(format: "cust-%05d", (0..<200).first { CampaignFixtures.probability($0) < 0.4 }!)
            var records: [PredictionRecord] = []
            for i in 0..<200 {
                let id = String(format: "cust-%05d", i)
                var p = CampaignFixtures.probability(i)
                if highIDs.contains(id) { p = 0.1 }
                if id == lowID { p = 0.9 }
                records.append(PredictionRecord(
                    customerID: id, predictionTimestamp: Date(), asOf: "2025-10-02", churnProbability: p,
                    churnRiskLevel: p >= 0.7 ? "HIGH" : p >= 0.4 ? "MEDIUM" : "LOW", modelVersion: "v1", servedBy: .production,
                    traceID: nil, rawProbability: p, topChurnFeature: nil, reasonsJSON: nil, inferenceFeaturesJSON: "{}"))
            }
            _ = try await store.predictionsLog.insert(records)
            let next = try await TierSyncRun(store: store, delivery: Self.delivery).run()
            #expect(next.asOf == "2025-10-02" && next.enqueued == ["salesforce": 3])
            let synced = try await store.outbox.messages().filter { $0.idempotencyKey.hasPrefix("sync/2025-10-02/") }
            #expect(Set(synced.map { String($0.idempotencyKey.dropFirst("sync/2025-10-02/".count)) }) == Set(highIDs + [lowID]))
            let dropped = try #require(synced.first { $0.idempotencyKey.hasSuffix(highIDs[0]) })
            #expect(dropped.payloadJSON.contains(#""previous_risk_level":"HIGH""#) && dropped.payloadJSON.contains(#""risk_level":"LOW""#))
            #expect(try await store.tierSync.state(destination: "salesforce")[lowID]?.riskLevel == "HIGH")
        }
    }

    @Test func withoutACRMOrScoresItSaysWhy() async throws {
        try await withTestStore { store, _ in
            let hooksOnly = DeliveryConfiguration(destinations: [Self.delivery.destinations[1]])
            await #expect(throws: TierSyncError.noCRMDestination) { try await TierSyncRun(store: store, delivery: hooksOnly).run() }
            await #expect(throws: TierSyncError.noScores(nil)) { try await TierSyncRun(store: store, delivery: Self.delivery).run() }
            await #expect(throws: TierSyncError.noScores("2025-01-01")) { try await TierSyncRun(store: store, delivery: Self.delivery, asOf: "2025-01-01").run() }
        }
    }
}
