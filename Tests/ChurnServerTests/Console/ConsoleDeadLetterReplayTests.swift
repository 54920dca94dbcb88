import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Dead letters replayed from the delivery page: admins only, with the session's CSRF token,
/// through the admin API's store call (`Outbox.replay`), audited with the signed-in subject.
@Suite struct ConsoleDeadLetterReplayTests {
    /// The fixture's message for crm-webhook, and two more for hooks, all dead.
    static func deadLetters(_ store: ChurnStore) async throws -> [Int] {
        _ = try await store.outbox.enqueue([
            OutboxMessageDraft(destination: "hooks", kind: "retention.action", idempotencyKey: "camp-1/c095/discount_20", payloadJSON: "{}"),
            OutboxMessageDraft(destination: "hooks", kind: "retention.action", idempotencyKey: "camp-1/c099/discount_20", payloadJSON: "{}"),
        ])
        let claimed = try await store.outbox.claim(destinations: ["crm-webhook", "hooks"], owner: "test", limit: 10, lease: 60)
        try await store.outbox.record(claimed.map { OutboxOutcome(messageID: $0.id, result: .dead, status: 400, error: "HTTP 400: unknown customer") })
        return claimed.map(\.id).sorted()
    }

    @Test func anAdminReplaysTickedDeadLettersAndAllOfADestination() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            let ids = try await Self.deadLetters(store)
            #expect(ids.count == 3)
            var operatorBrowser = ConsoleBrowser()
            try await operatorBrowser.signIn(client, token: try await test.token(.operator))
            let seen = try await operatorBrowser.get(client, "/console/delivery")
            #expect(seen.status == .ok && !seen.body.contains("/console/delivery/replay"), "only admins see the replay forms")
            #expect(try await operatorBrowser.post(client, "/console/delivery/replay", [("id-\(ids[0])", "1")]).status == .forbidden)

            var admin = ConsoleBrowser()
            try await admin.signIn(client, token: try await test.token(.admin))
            let page = try await admin.get(client, "/console/delivery")
            #expect(page.body.contains(#"<input type="checkbox" id="replay-\#(ids[0])" name="id-\#(ids[0])" value="1" aria-label="Replay dead letter \#(ids[0])">"#))
            #expect(page.body.contains("Replay all 2 of hooks"))
            // Without the session's CSRF token nothing changes.
            let forged = try await admin.post(client, "/console/delivery/replay", [("id-\(ids[0])", "1"), ("csrf", "forged")])
            #expect(forged.status == .forbidden)
            #expect(try await store.outbox.deadLetters().count == 3)
            let nothing = try await admin.post(client, "/console/delivery/replay", [])
            #expect(nothing.status == .unprocessableContent && nothing.body.contains("Select at least one dead letter"))

            let ticked = try await admin.post(client, "/console/delivery/replay", [("id-\(ids[0])", "1")])
            #expect(ticked.status == .seeOther && ticked.location == "/console/delivery?replayed=1")
            #expect(try await store.outbox.deadLetters().map(\.id) == Array(ids[1...]))
            let after = try await admin.get(client, ticked.location ?? "")
            #expect(after.body.contains("1 dead letter set to pending"))

            let all = try await admin.post(client, "/console/delivery/replay", [("all", "yes"), ("destination", "hooks")])
            #expect(all.location == "/console/delivery?replayed=2")
            #expect(try await store.outbox.deadLetters().isEmpty)
            let pending = try await store.outbox.claim(destinations: ["crm-webhook", "hooks"], owner: "test", limit: 10, lease: 60)
            #expect(pending.map(\.id).sorted() == ids && pending.allSatisfy { $0.attempts == 1 }, "replayed with a fresh budget")
            let audit = try await store.auditLog.entries().filter { $0.action == "outbox.replay" }
            #expect(audit.count == 2 && audit.allSatisfy { $0.actor == "client-admin" }, "\(audit)")
        }
    }
}
