import Foundation
import Testing
@testable import ChurnStore

/// The coordinated-scoring work queue: planned once, each chunk claimed by one worker at a time,
/// an expired lease taken over, progress counted.
@Suite("Store contract: score chunks") struct ScoreChunkContract {
    static func seeded(_ store: ChurnStore, customers: Int) async throws {
        _ = try await store.onlineFeatures.upsert((0..<customers).map {
            StoredFeatures(customerID: String(format: "c%05d", $0), asOf: "2025-01-01", featuresJSON: "{}")
        })
    }

    @Test(arguments: TestBackend.allCases)
    func plansOnceAndCoversEveryCustomer(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seeded(store, customers: 1_050)
            let queue = store.scoreChunks
            // Two workers plan at once: one plan, the same for both.
            async let first = queue.plan(asOf: "2025-01-01", modelVersion: "v1", chunkSize: 100)
            async let second = queue.plan(asOf: "2025-01-01", modelVersion: "v1", chunkSize: 100)
            #expect(try await first == 11)
            #expect(try await second == 11)
            let chunks = try await queue.chunks(asOf: "2025-01-01", modelVersion: "v1")
            #expect(chunks.map(\.number) == Array(0..<11))
            #expect(chunks.first?.firstCustomerID == "c00000" && chunks.last?.lastCustomerID == "c01049")
            var covered = 0
            for chunk in chunks {
                covered += try await store.onlineFeatures.snapshots(from: chunk.firstCustomerID, through: chunk.lastCustomerID).count
            }
            #expect(covered == 1_050)
            // Another model version is another run.
            #expect(try await queue.plan(asOf: "2025-01-01", modelVersion: "v2", chunkSize: 500) == 3)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func leasesAreExclusiveUntilTheyExpire(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seeded(store, customers: 30)
            // Ten customers of the first chunk already have a prediction by v1.
            try await store.predictionsLog.insert((0..<10).map {
                PredictionRecord(customerID: String(format: "c%05d", $0), asOf: "2025-01-01", churnProbability: 0.5,
                                 churnRiskLevel: "MEDIUM", modelVersion: "v1", inferenceFeaturesJSON: "{}")
            })
            let queue = store.scoreChunks
            try await queue.plan(asOf: "2025-01-01", modelVersion: "v1", chunkSize: 10)
            let now = Date()
            // Three workers claim at once: three different chunks.
            async let a = queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "a", lease: 30, now: now)
            async let b = queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "b", lease: 30, now: now)
            async let c = queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "c", lease: 30, now: now)
            let claimed = try await [a, b, c].compactMap { $0 }
            #expect(Set(claimed.map(\.number)) == [0, 1, 2])
            #expect(try await queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "d", lease: 30, now: now) == nil)
            #expect(try await queue.progress(asOf: "2025-01-01", modelVersion: "v1", now: now)
                    == ScoreChunkQueue.Progress(chunks: 3, done: 0, leased: 3, scored: 0))

            let byOwner = Dictionary(uniqueKeysWithValues: claimed.map { ($0.owner!, $0) })
            try await queue.complete(byOwner["a"]!)
            try await queue.complete(byOwner["b"]!)
            // "c" dies. Until its lease expires nothing is claimable; afterwards "d" takes its chunk over.
            #expect(try await queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "d", lease: 30, now: now.addingTimeInterval(10)) == nil)
            let takeover = try #require(try await queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "d", lease: 30, now: now.addingTimeInterval(31)))
            #expect(takeover.number == byOwner["c"]!.number && takeover.owner == "d" && takeover.claims == 2)
            try await queue.complete(takeover)
            #expect(try await queue.progress(asOf: "2025-01-01", modelVersion: "v1", now: now.addingTimeInterval(31))
                    == ScoreChunkQueue.Progress(chunks: 3, done: 3, leased: 0, scored: 10))
            #expect(try await queue.claim(asOf: "2025-01-01", modelVersion: "v1", owner: "e", lease: 30, now: now.addingTimeInterval(100)) == nil)
        }
    }
}
