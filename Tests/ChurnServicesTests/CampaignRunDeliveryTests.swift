import ChurnData
import ChurnDelivery
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// A campaign run with delivery configured enqueues its actions with its candidates: one signed
/// webhook message per acting candidate the destination accepts (never the holdout), one Slack
/// digest, keys stable per campaign, customer and action; without delivery, nothing.
@Suite struct CampaignRunDeliveryTests {
    static let delivery = DeliveryConfiguration(destinations: [
        DestinationConfiguration(name: "hooks", kind: .webhook, url: URL(string: "http://127.0.0.1:9/hook")!, secrets: ["s"]),
        DestinationConfiguration(name: "urgent-only", kind: .webhook, url: URL(string: "http://127.0.0.1:9/urgent")!, secrets: ["s"], tiers: ["HIGH"]),
        DestinationConfiguration(name: "chat", kind: .slack, url: URL(string: "http://127.0.0.1:9/slack")!, topCustomers: 3),
    ])

    @Test func actionsAreEnqueuedWithTheCandidates() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 1_000)
            var run = CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-01")!, actor: "test")
            run.delivery = Self.delivery
            let result = try await run.run()

            let acting = result.records.filter { !$0.isHoldout }
            let high = acting.filter { $0.riskLevel == "HIGH" }
            #expect(!acting.isEmpty && !high.isEmpty && high.count < acting.count)
            #expect(result.messages == acting.count + high.count + 1)
            let hooks = try await store.outbox.messages(destination: "hooks", limit: 10_000)
            #expect(Set(hooks.map(\.idempotencyKey)) == Set(acting.map {
                CampaignDeliveryMessages.actionKey(campaignID: result.campaign.campaignID, customerID: $0.customerID, action: $0.offerID)
            }))
            #expect(try await store.outbox.messages(destination: "urgent-only", limit: 10_000).count == high.count)

            // The webhook body: the Standard Webhooks envelope around the decision.
            let first = try #require(hooks.first)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(first.payloadJSON.utf8)) as? [String: Any])
            let data = try #require(body["data"] as? [String: Any])
            #expect(body["type"] as? String == "retention.action")
            #expect(data["campaign_id"] as? String == result.campaign.campaignID && data["reasons"] is [String])
            #expect(result.records.contains { $0.customerID == data["customer_id"] as? String && !$0.isHoldout })

            // The digest: counts by tier and route, the top three customers.
            let digest = try #require(try await store.outbox.messages(destination: "chat").first)
            #expect(digest.kind == "campaign.digest" && digest.idempotencyKey == "\(result.campaign.campaignID)/digest")
            #expect(digest.payloadJSON.contains("By tier") && digest.payloadJSON.contains("HIGH: \(high.count)"))
            #expect(digest.payloadJSON.components(separatedBy: "• `").count == 4)
        }
    }

    @Test func withoutDeliveryNothingIsEnqueued() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 300)
            let result = try await CampaignRun(store: store, program: .default, asOf: CalendarDay("2025-10-01")!, actor: "test").run()
            #expect(result.messages == 0 && !result.records.isEmpty)
            #expect(try await store.outbox.messages().isEmpty)
        }
    }
}
