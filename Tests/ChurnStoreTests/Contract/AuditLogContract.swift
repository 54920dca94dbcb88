import Foundation
import Testing
@testable import ChurnStore

@Suite("Store contract: audit log") struct AuditLogContract {
    @Test(arguments: TestBackend.allCases)
    func appendsAndReadsInOrder(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let at = Date(timeIntervalSince1970: 1_750_000_000)
            let first = try await store.auditLog.append(AuditEntry(actor: "alice", action: "ingest", target: "data:2025-01-01", at: at, detailsJSON: #"{"rows": 10}"#))
            let second = try await store.auditLog.append(AuditEntry(actor: "bob", action: "token.issue", target: "user:carol", at: at))
            #expect(second > first)
            let all = try await store.auditLog.entries()
            #expect(all.map(\.actor) == ["alice", "bob"])
            #expect(all.map(\.id) == [first, second])
            #expect(try canonicalJSON(all[0].detailsJSON) == #"{"rows":10}"#)
            #expect(abs(all[0].at.timeIntervalSince(at)) < 0.001)
            #expect(try await store.auditLog.entries(after: first).map(\.actor) == ["bob"])
            #expect(try await store.auditLog.entries(target: "user:carol").map(\.action) == ["token.issue"])
            await #expect(throws: StoreError.invalidValue(field: "actor", reason: "must not be empty")) {
                try await store.auditLog.append(AuditEntry(actor: "", action: "x", target: "y"))
            }
        }
    }
}
