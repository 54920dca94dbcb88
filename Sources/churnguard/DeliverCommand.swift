import ArgumentParser
import ChurnDelivery
import ChurnStore
import Foundation
import Synchronization

/// `churnguard deliver`: sends the outbox to the configured destinations.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Send pending delivery messages (campaign actions, Slack digests) to their destinations.",
        discussion: """
            Campaigns enqueue their actions in the outbox when delivery is configured (--delivery FILE or HOME/delivery.yaml). \
            This worker claims due messages under a lease, sends them (webhooks signed per Standard Webhooks, Slack digests \
            at most one a second), and records each outcome. Connection errors, timeouts, 408, 429 and 5xx gateway errors are \
            retried with exponential backoff and full jitter (a longer Retry-After wins) up to each destination's \
            max_attempts; any other 4xx is a dead letter at once (see `churnguard dlq`), and 410 also disables the \
            destination. Several workers may run at once: they share the outbox through their leases.

            --once sends what is due now and stops; --drain (the default) keeps going until nothing is pending, waiting for \
            scheduled retries.
            """
    )

    @OptionGroup var options: ModelsCommand.StoreOptions
    @Option(name: .long, help: "The delivery configuration YAML (default: HOME/delivery.yaml).")
    var delivery: String?
    @Flag(name: .long, help: "Send what is due now, then stop.") var once = false
    @Flag(name: .long, help: "Keep going until nothing is pending, waiting for retries (the default).") var drain = false

    func validate() throws {
        guard !(once && drain) else { throw ValidationError("--once and --drain exclude each other") }
    }

    func run() async throws {
        guard let configuration = try DeliveryFile.load(explicit: delivery, home: options.home) else {
            throw ValidationError("delivery is not configured: write HOME/delivery.yaml or pass --delivery FILE (see README, Delivery)")
        }
        let mode: OutboxWorker.Mode = once ? .once : .drain
        let started = Date()
        let client = DeliveryHTTPClient.make(concurrency: configuration.concurrency)
        do {
            let tally = try await options.withStore { store in
                for destination in configuration.destinations { StandardError.print("deliver: \(destination)") }
                let disabled = try await store.outbox.disabledDestinations()
                for (name, reason) in disabled.sorted(by: { $0.key < $1.key }) where configuration.destination(named: name) != nil {
                    StandardError.print("deliver: \(name) is disabled (\(reason.prefix(120))); `churnguard dlq enable \(name)` turns it back on")
                }
                var worker = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client)
                let crashAfter = Failpoint.count(named: "deliver-crash-after-sends")
                let sends = EventCounter()
                worker.afterSend = { _ in
                    if let crashAfter, sends.increment() == crashAfter { Failpoint.die("after \(crashAfter) sends, before recording them") }
                }
                let lastLine = Mutex(Date.distantPast)
                let tally = try await worker.run(mode) { tally in
                    let due = lastLine.withLock { last in
                        guard Date().timeIntervalSince(last) >= 1 else { return false }
                        last = Date()
                        return true
                    }
                    if due { StandardError.print("deliver: \(tally)") }
                }
                let depth = try await store.outbox.depth()
                let waiting = depth.reduce(0) { $0 + $1.pending + $1.leased }
                let dead = depth.reduce(0) { $0 + $1.dead }
                print("delivered \(tally.delivered), retries scheduled \(tally.retried), dead \(tally.dead) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; outbox: \(waiting) waiting, \(dead) dead letters")
                return tally
            }
            try await client.shutdown()
            if tally.dead > 0 { StandardError.print("see the dead letters with `churnguard dlq list`") }
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
