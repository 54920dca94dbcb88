import AsyncHTTPClient
import ChurnDelivery
import ChurnStore
import ChurnTestSupport
import Foundation
import Synchronization
import Testing

/// The worker against a real receiver on loopback: every message in effect once under transient
/// failures, slow replies and a crash between send and record; refusals are dead letters at once
/// that a replay delivers; 429 and 410 are honoured.
@Suite struct OutboxWorkerTests {
    typealias Support = DeliveryTestSupport

    @Test func everyMessageIsAppliedOnceUnderTransientFailures() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        // Every 5th request fails with 503; before that a 429, a 500 and a reply slower than the timeout.
        receiver.update {
            $0.failEvery = 5
            $0.script = [.status(429, retryAfter: "0"), .status(500), .slow(seconds: 4)]
        }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(300))
                    let configuration = DeliveryConfiguration(destinations: [Support.hook(port: port, maxAttempts: 20, timeout: 2)], batchSize: 64, concurrency: 8)
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: configuration, client: client).run(.drain)
                    #expect(tally.delivered == 300 && tally.dead == 0)
                    #expect(tally.retried >= 60)
                    let messages = try await store.outbox.messages()
                    #expect(messages.count == 300 && messages.allSatisfy { $0.state == .delivered })
                    let (applied, arrivals, bad, stale) = receiver.snapshot { ($0.applied, $0.arrivals, $0.badSignatures, $0.staleTimestamps) }
                    #expect(applied.count == 300 && Set(applied) == Set(messages.map(\.idempotencyKey)))
                    // The slow reply was applied, timed out at the sender and came again: applied once all the same.
                    #expect(arrivals.values.contains { $0 >= 2 })
                    #expect(bad == 0 && stale == 0)
                }
            }
        }
    }

    @Test func repeatedFailuresRestTheDestinationThenAProbeClosesTheCircuit() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        // Four 503s, then the receiver recovers.
        receiver.update { $0.script = Array(repeating: .status(503), count: 4) }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(6))
                    var configuration = DeliveryConfiguration(destinations: [Support.hook(port: port, maxAttempts: 20)], batchSize: 1, concurrency: 1)
                    configuration.breakerThreshold = 3
                    configuration.breakerCooldownSeconds = 1.5
                    let recorded = RecordedAttempts()
                    var worker = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client)
                    worker.metrics = recorded
                    let tally = try await worker.run(.drain)
                    #expect(tally.delivered == 6 && tally.dead == 0)
                    let log = receiver.snapshot(\.log)
                    #expect(log.prefix(4).map(\.status) == [503, 503, 503, 503] && log.count == 10)
                    // The third failure in a row opened the circuit: the probe (the 4th request) waited out the rest;
                    // it failed too, so the circuit opened again at once, before the 5th.
                    #expect(log[3].at.timeIntervalSince(log[2].at) >= 1.2, "\(log[3].at.timeIntervalSince(log[2].at)) s")
                    #expect(log[4].at.timeIntervalSince(log[3].at) >= 1.2, "\(log[4].at.timeIntervalSince(log[3].at)) s")
                    let results = recorded.results
                    #expect(results.filter { $0 == .retried }.count == 4 && results.filter { $0 == .delivered }.count == 6)
                }
            }
        }
    }

    @Test func aRateLimitingReceiverSlowsTheWorkerWithoutSpendingAttempts() async throws {
        // The receiver takes 20 requests a second and answers 429 (Retry-After: 1) beyond; the worker
        // does not know the limit, and may spend at most 5 attempts on a message.
        let receiver = WebhookReceiver(secrets: [Support.secret])
        receiver.update { $0.perSecondLimit = 20 }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(80))
                    let configuration = DeliveryConfiguration(destinations: [Support.hook(port: port, maxAttempts: 5)], batchSize: 80, concurrency: 8)
                    let started = Date()
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: configuration, client: client).run(.drain)
                    #expect(tally.delivered == 80 && tally.dead == 0)
                    let log = receiver.snapshot(\.log)
                    let refused = log.filter { $0.status == 429 }.count
                    // Each 429 pauses the whole destination for the second it asks: only sends already in
                    // flight (at most the concurrency) meet a closed window, not every message again and again.
                    #expect(refused <= 8 * 5, "\(refused) 429s for 80 messages")
                    #expect(Date().timeIntervalSince(started) >= 3, "80 messages at 20 a second take at least three more seconds")
                    let messages = try await store.outbox.messages()
                    #expect(messages.allSatisfy { $0.state == .delivered && $0.attempts <= 5 })
                }
            }
        }
    }

    @Test func aRefusedMessageIsDeadAtOnceAndReplayDeliversIt() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        receiver.update { $0.fallback = .status(400, body: "missing field customer_email") }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(5))
                    let worker = OutboxWorker(outbox: store.outbox, configuration: DeliveryConfiguration(destinations: [Support.hook(port: port)]), client: client)
                    let first = try await worker.run(.drain)
                    #expect(first.dead == 5 && first.delivered == 0 && first.retried == 0)
                    let dead = try await store.outbox.deadLetters()
                    #expect(dead.count == 5 && dead.allSatisfy { $0.attempts == 1 && $0.lastStatus == 400 })
                    #expect(dead[0].lastError?.contains("missing field customer_email") == true)

                    // The receiver is fixed; a replay sends the same ids again.
                    receiver.update { $0.fallback = .ok }
                    #expect(try await store.outbox.replay(.all(destination: nil), actor: "test") == 5)
                    #expect(try await worker.run(.drain).delivered == 5)
                    #expect(try await store.outbox.deadLetters().isEmpty)
                    #expect(Set(receiver.snapshot(\.applied)) == Set(dead.map(\.idempotencyKey)))
                }
            }
        }
    }

    @Test func tooManyRequestsPausesTheDestinationForRetryAfter() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        receiver.update { $0.script = [.status(429, retryAfter: "1")] }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(3))
                    let configuration = DeliveryConfiguration(destinations: [Support.hook(port: port)], concurrency: 1)
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: configuration, client: client).run(.drain)
                    #expect(tally.delivered == 3 && tally.dead == 0)
                    let log = receiver.snapshot(\.log)
                    let limited = try #require(log.first { $0.status == 429 })
                    // Nothing reached the receiver within the second it asked for (the sender heard the 429 after it was logged).
                    #expect(log.filter { $0.at > limited.at }.allSatisfy { $0.at.timeIntervalSince(limited.at) >= 1 })
                    #expect(log.filter { $0.status == 204 }.count == 3)
                }
            }
        }
    }

    @Test func goneRetiresTheDestination() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        receiver.update { $0.script = [.status(410)] }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(4))
                    let configuration = DeliveryConfiguration(destinations: [Support.hook(port: port)], concurrency: 1)
                    let worker = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client)
                    let tally = try await worker.run(.drain)
                    #expect(tally.dead == 1 && tally.delivered == 0)
                    #expect(try await store.outbox.disabledDestinations()["hooks"]?.contains("410") == true)
                    #expect(try await store.outbox.messages(state: .pending).count == 3)
                    #expect(receiver.snapshot(\.requests) == 1)
                    // Enabled again, the rest goes.
                    try await store.outbox.enableDestination("hooks", actor: "test")
                    #expect(try await worker.run(.drain).delivered == 3)
                }
            }
        }
    }

    @Test func aCrashBetweenSendAndRecordResendsTheSameWebhookID() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(20))
                    let configuration = DeliveryConfiguration(destinations: [Support.hook(port: port)], batchSize: 20, concurrency: 1, leaseSeconds: 1)
                    var crashing = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client, owner: "crashing")
                    let sends = Mutex(0)
                    crashing.afterSend = { _ in
                        if sends.withLock({ $0 += 1; return $0 }) == 3 { throw SimulatedCrash() }
                    }
                    await #expect(throws: SimulatedCrash.self) { try await crashing.run(.drain) }
                    // Sent, applied, never recorded: still leased to the dead worker.
                    let sentBeforeCrash = receiver.snapshot(\.applied)
                    #expect(sentBeforeCrash.count == 3)
                    #expect(try await store.outbox.messages(state: .leased).count == 20)

                    // A new worker waits for the lease to expire and sends everything, the three again with their ids.
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: configuration, client: client, owner: "successor").run(.drain)
                    #expect(tally.delivered == 20)
                    let (applied, arrivals) = receiver.snapshot { ($0.applied, $0.arrivals) }
                    #expect(applied.count == 20 && Set(applied).count == 20)
                    #expect(sentBeforeCrash.allSatisfy { arrivals[$0] == 2 })
                    #expect(try await store.outbox.messages().allSatisfy { $0.state == .delivered && $0.attempts <= 2 })
                }
            }
        }
    }

    @Test func outOfAttemptsIsDeadWithTheLastAnswer() async throws {
        let receiver = WebhookReceiver(secrets: [Support.secret])
        receiver.update { $0.fallback = .status(503) }
        try await receiver.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue(Support.drafts(2))
                    var configuration = DeliveryConfiguration(destinations: [Support.hook(port: port, maxAttempts: 3)])
                    // Every answer fails, so the breaker opens after five; a short rest keeps the test quick.
                    configuration.breakerCooldownSeconds = 0.2
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: configuration, client: client).run(.drain)
                    #expect(tally.dead == 2 && tally.retried == 4)
                    let dead = try await store.outbox.deadLetters()
                    #expect(dead.allSatisfy { $0.attempts == 3 && $0.lastStatus == 503 && $0.lastError?.hasPrefix("gave up after 3 attempts") == true })
                    #expect(receiver.snapshot(\.requests) == 6)
                }
            }
        }
    }
}

/// The worker's attempts, as a metrics sink hears them: the result, and when the send began and
/// ended by the worker's own clock (a receiver's arrival stamps can lag on a loaded machine).
final class RecordedAttempts: DeliveryMetrics {
    struct Attempt: Sendable {
        var result: DeliveryAttemptResult
        var started: Date
        var ended: Date
    }

    private let state = Mutex<[Attempt]>([])
    var attempts: [Attempt] { state.withLock { $0 } }
    var results: [DeliveryAttemptResult] { attempts.map(\.result) }

    func recordAttempt(destination: String, result: DeliveryAttemptResult, duration: Duration) {
        let ended = Date()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { $0.append(Attempt(result: result, started: ended.addingTimeInterval(-seconds), ended: ended)) }
    }
}
