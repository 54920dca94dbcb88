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
                    let recorded = RecordedAttempts()
                    var worker = OutboxWorker(outbox: store.outbox, configuration: DeliveryConfiguration(destinations: [slack]), client: client)
                    worker.metrics = recorded
                    let tally = try await worker.run(.drain)
                    #expect(tally.delivered == 3 && tally.dead == 0)
                    let (times, bodies) = receiver.snapshot { ($0.slackTimes, $0.slackBodies) }
                    // Four requests (the 429, then three digests); more only if a reply outlived the sender's
                    // timeout on a loaded machine and was sent again.
                    #expect(times.count >= 4 && Set(bodies).count == 3, "\(times.count) requests, \(bodies.count) digests")
                    // Four sends at one a second take at least three seconds (a lower bound: load only adds to it)…
                    #expect(Date().timeIntervalSince(started) >= 3)
                    // …and, by the worker's own clock, no send began within the second the 429 asked for
                    // once it was heard (sends already under way then are not held to it), nor within a
                    // second of the send before it. (The receiver's arrival stamps are not used: on a loaded
                    // machine a request can sit unread and be stamped with the next ones.)
                    let attempts = recorded.attempts.sorted { $0.started < $1.started }
                    #expect(attempts.count >= 4)
                    if let refused = attempts.first(where: { $0.result == .retried }) {
                        let after = attempts.filter { $0.started > refused.ended }
                        #expect(after.allSatisfy { $0.started.timeIntervalSince(refused.ended) >= 0.9 },
                                "\(after.map { $0.started.timeIntervalSince(refused.ended) })")
                    }
                    let gaps = zip(attempts.dropFirst(), attempts).map { $0.started.timeIntervalSince($1.started) }
                    #expect(gaps.allSatisfy { $0 >= 0.9 }, "\(gaps)")
                    #expect(Set(bodies) == Set((1...3).map { #"{"text":"campaign \#($0)","blocks":[]}"# }))
                }
            }
        }
    }
}
