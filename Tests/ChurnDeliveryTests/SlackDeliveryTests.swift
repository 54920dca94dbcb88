import ChurnDelivery
import ChurnStore
import Foundation
import Testing

/// Slack digests go at most one a second and wait out a 429's Retry-After.
@Suite struct SlackDeliveryTests {
    @Test func digestsArePacedAndA429IsWaitedOut() async throws {
        let receiver = WebhookReceiver(secrets: [])
        receiver.update { $0.script = [.status(429, retryAfter: "1", body: "rate_limited")] }
        try await receiver.run { port in
            try await DeliveryTestSupport.withStore { store in
                try await DeliveryTestSupport.withClient { client in
                    let slack = DestinationConfiguration(name: "chat", kind: .slack, url: URL(string: "http://127.0.0.1:\(port)/slack")!,
                                                         retry: RetryPolicy(maxAttempts: 5, baseSeconds: 0.01, capSeconds: 0.1), rateLimit: 1)
                    try await store.outbox.enqueue((1...3).map {
                        OutboxMessageDraft(destination: "chat", kind: CampaignDeliveryMessages.digestKind, idempotencyKey: "cp-\($0)/digest",
                                           payloadJSON: #"{"text":"campaign \#($0)","blocks":[]}"#)
                    })
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: DeliveryConfiguration(destinations: [slack]), client: client).run(.drain)
                    #expect(tally.delivered == 3 && tally.dead == 0)
                    let (times, bodies) = receiver.snapshot { ($0.slackTimes, $0.slackBodies) }
                    #expect(times.count == 4 && bodies.count == 3)
                    // One request a second at most, the 429's second included (lower bounds: load only widens the gaps).
                    #expect(zip(times, times.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 0.95 })
                    #expect(Set(bodies) == Set((1...3).map { #"{"text":"campaign \#($0)","blocks":[]}"# }))
                }
            }
        }
    }
}
