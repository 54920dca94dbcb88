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

    /// A program is audited when a process first uses a version of it: the same text again writes
    /// nothing, an edited file writes a line naming the previous version.
    @Test(arguments: TestBackend.allCases)
    func programVersionsAreAuditedOnceEach(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let v1 = "program_id: winback\noffers: []\n", v2 = "program_id: winback\noffers: [discount]\n"
            #expect(try await store.auditLog.recordProgram("winback", text: v1, source: "/etc/p.yaml", actor: "alice"))
            #expect(try await !store.auditLog.recordProgram("winback", text: v1, source: "/etc/p.yaml", actor: "serve"))
            #expect(try await store.auditLog.recordProgram("winback", text: v2, source: "/etc/p.yaml", actor: "bob"))
            #expect(try await store.auditLog.recordProgram("other", text: v1, source: "/etc/o.yaml", actor: "bob"))
            let lines = try await store.auditLog.entries(target: "program:winback")
            #expect(lines.map(\.action) == ["program.load", "program.load"] && lines.map(\.actor) == ["alice", "bob"])
            let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].detailsJSON.utf8)) as? [String: String])
            let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].detailsJSON.utf8)) as? [String: String])
            #expect(first["sha256"]?.count == 64 && first["previous_sha256"] == nil && first["source"] == "/etc/p.yaml")
            #expect(second["previous_sha256"] == first["sha256"] && second["sha256"] != first["sha256"])
        }
    }
}
