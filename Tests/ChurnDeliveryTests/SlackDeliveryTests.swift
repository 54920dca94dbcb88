import ChurnDelivery
import ChurnStore
import ChurnTestSupport
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
                    let started = Date()
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: DeliveryConfiguration(destinations: [slack]), client: client).run(.drain)
                    #expect(tally.delivered == 3 && tally.dead == 0)
                    let (times, bodies) = receiver.snapshot { ($0.slackTimes, $0.slackBodies) }
                    // Four requests (the 429, then three digests); more only if a reply outlived the sender's
                    // timeout on a loaded machine and was sent again.
                    #expect(times.count >= 4 && Set(bodies).count == 3, "\(times.count) requests, \(bodies.count) digests")
                    // Four sends at one a second take at least three seconds (a lower bound: load only adds to it)…
                    #expect(Date().timeIntervalSince(started) >= 3)
                    // …and nothing arrived within the second the 429 asked for. Arrival times are the
                    // receiver's, and on a loaded machine a request can sit unread for a while before it
                    // is stamped, so the bound keeps half a second for that; unpaced sends would arrive
                    // within milliseconds of each other.
                    #expect(times.dropFirst().allSatisfy { $0.timeIntervalSince(times[0]) >= 0.5 }, "\(times.map { $0.timeIntervalSince(times[0]) })")
                    #expect(Set(bodies) == Set((1...3).map { #"{"text":"campaign \#($0)","blocks":[]}"# }))
                }
            }
        }
    }
}
