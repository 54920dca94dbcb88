import AsyncHTTPClient
import ChurnStore
import Foundation
import Logging
import NIOCore

/// Delivers the outbox: claims due messages of the configured, enabled destinations under a lease,
/// sends them (several at once, each destination at its own pace), and records every outcome of a
/// batch in one transaction. Delivery is at least once: a worker that dies between sending and
/// recording leaves its lease to expire, and the message goes again with the same idempotency key
/// (`webhook-id`), which receivers use to apply it once. Several workers, in one process or many
/// sharing PostgreSQL, divide the outbox between them through their leases.
public struct OutboxWorker: Sendable {
    /// How long the worker keeps going.
    public enum Mode: Sendable, Equatable {
        /// What is due now, then stop.
        case once
        /// Until nothing is pending or leased, waiting for scheduled retries.
        case drain
        /// Until cancelled, looking for due messages every `poll` seconds when idle (`serve --deliver`).
        case forever(poll: TimeInterval)
    }

    public let outbox: Outbox
    public let configuration: DeliveryConfiguration
    public let client: HTTPClient
    /// This worker's name on its leases.
    public let owner: String
    public var logger: Logger
    /// The longest a claimed message waits for its destination's pace or pause before it is put
    /// back instead (keeps the wait well inside the lease).
    public var maxPacingWait: TimeInterval = 5
    /// Runs after a message was sent and answered, before its outcome is recorded. Throwing stops
    /// the worker with the batch unrecorded: the failpoint of the crash between send and record.
    public var afterSend: @Sendable (OutboxMessage) throws -> Void = { _ in }

    private let pacer: DestinationPacer
    /// Hears every attempt (serve exports them to Prometheus); nothing by default.
    public var metrics: (any DeliveryMetrics)?
    private let tokens = AccessTokenCache()
    private let signers: [String: WebhookSigner]

    public init(outbox: Outbox, configuration: DeliveryConfiguration, client: HTTPClient,
                owner: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)",
                logger: Logger = Logger(label: "churnguard.delivery")) {
        self.outbox = outbox
        self.configuration = configuration
        self.client = client
        self.owner = owner
        self.logger = logger
        pacer = DestinationPacer(breakerThreshold: configuration.breakerThreshold, breakerCooldown: configuration.breakerCooldownSeconds)
        signers = Dictionary(configuration.destinations.map { ($0.name, WebhookSigner(secrets: $0.secrets)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Delivers until `mode` says stop; `progress` hears the running tally after every batch.
    @discardableResult
    public func run(_ mode: Mode, progress: @Sendable (DeliveryTally) -> Void = { _ in }) async throws -> DeliveryTally {
        var total = DeliveryTally()
        while !Task.isCancelled {
            let destinations = try await activeDestinations()
            let batch = destinations.isEmpty ? DeliveryTally() : try await deliverBatch(of: destinations)
            total = total + batch
            if batch.claimed > 0 {
                progress(total)
                continue
            }
            switch mode {
            case .once:
                return total
            case .drain:
                guard let due = try await outbox.nextDue(destinations: destinations) else { return total }
                try await Task.sleep(for: .seconds(min(max(due.timeIntervalSinceNow, 0.005), 1)))
            case .forever(let poll):
                let due = try await outbox.nextDue(destinations: destinations)
                try await Task.sleep(for: .seconds(min(max(due?.timeIntervalSinceNow ?? poll, 0.005), poll)))
            }
        }
        return total
    }

    /// The configured destinations not retired by a 410.
    func activeDestinations() async throws -> [String] {
        let disabled = try await outbox.disabledDestinations()
        await pacer.setRetired(Set(disabled.keys))
        return configuration.destinations.map(\.name).filter { disabled[$0] == nil }
    }

    /// Claims one batch, sends it, records it.
    func deliverBatch(of destinations: [String]) async throws -> DeliveryTally {
        let claimed = try await outbox.claim(
            destinations: destinations, owner: owner, limit: configuration.batchSize, lease: configuration.leaseSeconds)
        guard !claimed.isEmpty else { return DeliveryTally() }
        let concurrency = configuration.concurrency
        let outcomes = try await withThrowingTaskGroup(of: OutboxOutcome.self) { group in
            var outcomes: [OutboxOutcome] = []
            outcomes.reserveCapacity(claimed.count)
            var inFlight = 0
            for message in claimed {
                if inFlight == concurrency, let done = try await group.next() {
                    outcomes.append(done)
                    inFlight -= 1
                }
                group.addTask {
                    let outcome = await attempt(message)
                    if outcome.postponedUntil == nil { try afterSend(message) }
                    return outcome
                }
                inFlight += 1
            }
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        try await outbox.record(outcomes)
        var tally = DeliveryTally()
        tally.claimed = claimed.count
        for outcome in outcomes {
            switch outcome.result {
            case .delivered: tally.delivered += 1
            case .retry: tally.retried += 1
            case .dead: tally.dead += 1
            case .postponed: tally.postponed += 1
            }
        }
        return tally
    }

    /// One attempt at one message; never throws: every failure is an outcome.
    func attempt(_ message: OutboxMessage) async -> OutboxOutcome {
        guard let destination = configuration.destination(named: message.destination) else {
            return OutboxOutcome(messageID: message.id, result: .postponed(until: Date().addingTimeInterval(configuration.leaseSeconds)))
        }
        if await pacer.isRetired(destination.name) {
            return OutboxOutcome(messageID: message.id, result: .postponed(until: Date()))
        }
        var slot = await pacer.reserve(destination.name, rateLimit: destination.rateLimit)
        var admitted = Date()
        while true {
            let wait = slot.timeIntervalSinceNow
            if wait > maxPacingWait { return OutboxOutcome(messageID: message.id, result: .postponed(until: slot)) }
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
            // A 429 may have paused the destination while this send waited for its slot. Its slot
            // is then taken again after the pause, behind the others: sends that all waited out one
            // pause must not leave together at its end, faster than the rate limit.
            if await pacer.pause(of: destination.name) != nil {
                slot = await pacer.reserve(destination.name, rateLimit: destination.rateLimit)
                continue
            }
            switch await pacer.admit(destination.name, rateLimit: destination.rateLimit) {
            case .now(let at): admitted = at
            case .later(let at): slot = at; continue
            }
            break
        }

        let exchange = HTTPExchange(client: client, timeout: destination.timeoutSeconds)
        let answer: DeliveryAnswer
        switch destination.kind {
        case .webhook, .slack:
            do {
                answer = .judging(try await exchange.send(request(for: message, to: destination)))
            } catch {
                answer = .noAnswer(error)
            }
        case .salesforce:
            answer = await SalesforceConnector(destination: destination, exchange: exchange, tokens: tokens).send(message)
        case .hubspot:
            answer = await HubSpotConnector(destination: destination, exchange: exchange).send(message)
        case .jira:
            answer = await JiraConnector(destination: destination, exchange: exchange).send(message)
        }
        let (verdict, status, detail) = (answer.verdict, answer.status, answer.detail)
        // The receiver's Retry-After holds every send to it from the moment it is heard.
        if case .retry(let retryAfter?) = verdict { await pacer.pause(destination.name, until: Date().addingTimeInterval(retryAfter)) }
        let failedHard = status == nil || (status ?? 0) >= 500
        if let until = await pacer.recordResult(destination.name, failed: failedHard) {
            logger.warning("circuit open: the destination failed \(pacer.breakerThreshold) times in a row; resting before a probe",
                           metadata: ["destination": .string(destination.name), "until": .string(DeliveryTime.iso8601(until))])
        }
        // From the moment the pacer let it leave, so the attempts' recorded starts keep its spacing.
        metrics?.recordAttempt(destination: destination.name, result: Self.metricResult(verdict, attempts: message.attempts, max: destination.retry.maxAttempts),
                               duration: .seconds(Date().timeIntervalSince(admitted)))

        let now = Date()
        switch verdict {
        case .delivered:
            return OutboxOutcome(messageID: message.id, result: .delivered, status: status)
        case .retry(let retryAfter):
            guard message.attempts < destination.retry.maxAttempts else {
                logger.warning("dead letter: out of attempts", metadata: metadata(message, status))
                return OutboxOutcome(messageID: message.id, result: .dead, status: status,
                                     error: "gave up after \(message.attempts) attempts; last: \(detail)")
            }
            var random = SystemRandomNumberGenerator()
            let delay = destination.retry.delay(afterAttempts: message.attempts, retryAfter: retryAfter, using: &random)
            return OutboxOutcome(messageID: message.id, result: .retry(at: now.addingTimeInterval(delay)), status: status, error: detail)
        case .refused(let disables):
            if disables {
                await pacer.retire(destination.name)
                logger.error("destination retired by its receiver (410 Gone); enable it again with `churnguard dlq enable`",
                             metadata: ["destination": .string(destination.name)])
                try? await outbox.disableDestination(destination.name, reason: detail)
            }
            logger.warning("dead letter: refused", metadata: metadata(message, status))
            return OutboxOutcome(messageID: message.id, result: .dead, status: status, error: detail)
        }
    }

    static func metricResult(_ verdict: DeliveryVerdict, attempts: Int, max: Int) -> DeliveryAttemptResult {
        switch verdict {
        case .delivered: .delivered
        case .retry: attempts < max ? .retried : .dead
        case .refused: .dead
        }
    }

    /// The request for one message: a signed Standard Webhooks POST, or the digest to Slack as it is.
    func request(for message: OutboxMessage, to destination: DestinationConfiguration) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: destination.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "churnguard-delivery")
        let body = Array(message.payloadJSON.utf8)
        if destination.kind == .webhook {
            let timestamp = Int(Date().timeIntervalSince1970)
            request.headers.add(name: "webhook-id", value: message.idempotencyKey)
            request.headers.add(name: "webhook-timestamp", value: String(timestamp))
            request.headers.add(name: "webhook-signature",
                                value: (signers[destination.name] ?? WebhookSigner(secrets: destination.secrets)).signature(id: message.idempotencyKey, timestamp: timestamp, body: body))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// What a log line may say about a message: never its payload.
    private func metadata(_ message: OutboxMessage, _ status: Int?) -> Logger.Metadata {
        ["message_id": .stringConvertible(message.id), "destination": .string(message.destination),
         "kind": .string(message.kind), "attempts": .stringConvertible(message.attempts), "status": .string(status.map(String.init) ?? "none")]
    }
}

extension OutboxOutcome {
    var postponedUntil: Date? {
        if case .postponed(let until) = result { return until }
        return nil
    }
}
