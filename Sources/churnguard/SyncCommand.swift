import ArgumentParser
import ChurnServices
import Foundation

/// `churnguard sync`: pushes tier changes of a scoring day to the CRM destinations through the outbox.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Enqueue the risk tiers that changed since the last sync for the CRM destinations (Salesforce, HubSpot).",
        discussion: """
            Compares the served tiers of the day (default: the latest scored day) with what each CRM \
            destination of the delivery configuration was last told, and enqueues only the changes, \
            plus HIGH and CRITICAL customers it never heard of. `churnguard deliver` (or `serve \
            --deliver`) sends them: the account's churn fields are updated, no task is made. Schedule \
            it hourly or after each scoring run (`run: [sync]` in schedule.yaml).
            """)

    @OptionGroup var options: ModelsCommand.StoreOptions
    @Option(name: .long, help: "Scoring day (YYYY-MM-DD); default: the latest with batch scores.") var asOf: String?
    @Option(name: .long, help: "Delivery configuration YAML (default: HOME/delivery.yaml).") var delivery: String?

    func run() async throws {
        guard let configuration = try DeliveryFile.load(explicit: delivery, home: options.home) else {
            throw ValidationError("no delivery configuration: write HOME/delivery.yaml or pass --delivery FILE with a salesforce or hubspot destination")
        }
        let summary = try await options.withStore { store in
            try await TierSyncRun(store: store, delivery: configuration, asOf: asOf).run()
        }
        let parts = summary.enqueued.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("sync \(summary.asOf): \(summary.scored) customers scored; changes enqueued: \(parts)")
    }
}
