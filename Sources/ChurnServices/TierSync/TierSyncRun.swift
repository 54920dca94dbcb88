import ChurnDelivery
import ChurnStore
import Foundation

/// One tier sync (`churnguard sync`): the served tiers of a scoring day against what each CRM
/// destination was last told; only changes, and HIGH or CRITICAL customers a destination never
/// heard of, are enqueued, with the new state in the same transaction.
public struct TierSyncRun: Sendable {
    public struct Summary: Sendable, Equatable {
        public var asOf: String
        public var scored: Int
        /// Messages enqueued per destination.
        public var enqueued: [String: Int]
    }

    public var store: ChurnStore
    public var delivery: DeliveryConfiguration
    /// The scoring day; nil for the latest with served batch scores.
    public var asOf: String?

    public init(store: ChurnStore, delivery: DeliveryConfiguration, asOf: String? = nil) {
        self.store = store
        self.delivery = delivery
        self.asOf = asOf
    }

    public func run() async throws -> Summary {
        let messages = TierSyncMessages(configuration: delivery)
        guard !messages.destinations.isEmpty else { throw TierSyncError.noCRMDestination }
        var day = asOf
        if day == nil { day = try await store.predictionsLog.latestScoredDay() }
        guard let day else { throw TierSyncError.noScores(nil) }
        let scores = try await store.predictionsLog.scores(asOf: day)
        guard !scores.isEmpty else { throw TierSyncError.noScores(day) }
        let current = scores.compactMap { score in
            score.riskLevel.map { (customerID: score.customerID, tier: SyncedTier(riskLevel: $0, churnProbability: score.churnProbability, asOf: day)) }
        }
        var state: [String: [String: SyncedTier]] = [:]
        var drafts: [OutboxMessageDraft] = []
        var summary = Summary(asOf: day, scored: scores.count, enqueued: [:])
        for destination in messages.destinations {
            let known = try await store.tierSync.state(destination: destination.name)
            let changes = TierSyncMessages.changes(scores: current, known: known)
            for change in changes {
                drafts.append(try TierSyncMessages.draft(destination: destination.name, customerID: change.customerID, tier: change.tier, previous: change.previous))
            }
            state[destination.name] = Dictionary(changes.map { ($0.customerID, $0.tier) }, uniquingKeysWith: { _, last in last })
            summary.enqueued[destination.name] = changes.count
        }
        try await store.tierSync.record(state, messages: drafts)
        return summary
    }
}

public enum TierSyncError: Error, Equatable, CustomStringConvertible {
    case noCRMDestination
    case noScores(String?)

    public var description: String {
        switch self {
        case .noCRMDestination:
            "no salesforce or hubspot destination in the delivery configuration: the tier sync writes to CRMs"
        case .noScores(let day?):
            "no served scores for \(day): run `churnguard score --as-of \(day)` first"
        case .noScores(nil):
            "no batch scores yet: run `churnguard score --as-of DAY` first"
        }
    }
}
