import ChurnStore
import Foundation

/// What the operations alerts read besides the API's own counters: when batch scoring last
/// succeeded (stale scores) and, per delivery destination, what waits, what died and how long the
/// oldest waiting message has waited. `serve` refreshes them from the store.
public struct OperationsGauges: Sendable, Equatable {
    public struct Destination: Sendable, Equatable {
        public var name: String
        /// Pending or leased: not yet delivered, not dead.
        public var waiting: Int
        public var dead: Int
        /// Seconds since the oldest waiting message was written; 0 when nothing waits.
        public var oldestWaitingAge: Double

        public init(name: String, waiting: Int, dead: Int, oldestWaitingAge: Double) {
            self.name = name
            self.waiting = waiting
            self.dead = dead
            self.oldestWaitingAge = oldestWaitingAge
        }
    }

    public var lastScoringFinishedAt: Date?
    public var destinations: [Destination]

    public init(lastScoringFinishedAt: Date?, destinations: [Destination]) {
        self.lastScoringFinishedAt = lastScoringFinishedAt
        self.destinations = destinations
    }

    public static func read(from store: ChurnStore, now: Date = Date()) async throws -> OperationsGauges {
        let lastRun = try await store.batchRuns.lastSucceeded()
        let destinations = try await store.outbox.depth().map { depth in
            Destination(
                name: depth.destination, waiting: depth.pending + depth.leased, dead: depth.dead,
                oldestWaitingAge: depth.oldestWaiting.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        }
        return OperationsGauges(lastScoringFinishedAt: lastRun?.finishedAt, destinations: destinations)
    }
}
