import Foundation
import Testing
@testable import ChurnStore

@Suite("Store contract: tier sync state") struct TierSyncContract {
    @Test(arguments: TestBackend.allCases)
    func stateAndMessagesCommitTogether(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let first = SyncedTier(riskLevel: "HIGH", churnProbability: 0.81, asOf: "2025-10-01")
            let message = OutboxMessageDraft(destination: "crm", kind: "risk.sync", idempotencyKey: "sync/2025-10-01/c1", payloadJSON: #"{"type":"risk.sync"}"#)
            #expect(try await store.tierSync.record(["crm": ["c1": first, "c2": first]], messages: [message]) == 1)
            #expect(try await store.tierSync.state(destination: "crm") == ["c1": first, "c2": first])
            #expect(try await store.tierSync.state(destination: "other").isEmpty)
            // A later tier replaces the earlier one; the same message key is not enqueued twice.
            let later = SyncedTier(riskLevel: "LOW", churnProbability: 0.1, asOf: "2025-10-02")
            #expect(try await store.tierSync.record(["crm": ["c1": later]], messages: [message]) == 0)
            #expect(try await store.tierSync.state(destination: "crm")["c1"] == later)
            // A bad message rolls the state back with it.
            let bad = OutboxMessageDraft(destination: "", kind: "risk.sync", idempotencyKey: "k", payloadJSON: "{}")
            await #expect(throws: StoreError.self) {
                try await store.tierSync.record(["crm": ["c3": first]], messages: [bad])
            }
            #expect(try await store.tierSync.state(destination: "crm")["c3"] == nil)
        }
    }
}
