import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// The dead letters over HTTP: listed, replayed and purged by an admin (audited), refused to others,
/// and a destination a 410 disabled enabled again.
@Suite struct DeadLetterRoutesTests {
    /// Three dead letters for `crm` and one for `hooks`, and `crm` disabled by a 410.
    static func seed(_ store: ChurnStore) async throws -> [Int] {
        let drafts = (0..<3).map { OutboxMessageDraft(destination: "crm", kind: "retention.action", idempotencyKey: "cp/c\($0)/offer", payloadJSON: "{}") }
            + [OutboxMessageDraft(destination: "hooks", kind: "retention.action", idempotencyKey: "cp/c9/offer", payloadJSON: "{}")]
        try await store.outbox.enqueue(drafts)
        let claimed = try await store.outbox.claim(destinations: ["crm", "hooks"], owner: "test", limit: 10, lease: 60)
        try await store.outbox.record(claimed.map { OutboxOutcome(messageID: $0.id, result: .dead, status: 400, error: "HTTP 400: unknown customer") })
        try await store.outbox.disableDestination("crm", reason: "HTTP 410 Gone")
        return claimed.map(\.id).sorted()
    }

    @Test func adminsListReplayPurgeAndEnable() async throws {
        try await withTestStore { store, home in
            let (test, _) = try await StoreIntegrationTests.serving(store, home: home)
            let ids = try await Self.seed(store)
            let admin = try await test.headers(.admin)
            let analyst = try await test.headers(.analyst)
            try await test.server.makeApplication().test(.router) { client in
                try await client.execute(uri: "/admin/dlq", method: .get, headers: analyst) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/admin/dlq?destination=crm&limit=2", method: .get, headers: admin) { response in
                    #expect(response.status == .ok)
                    let body = try #require(json(response.body) as? [String: Any])
                    let letters = try #require(body["dead_letters"] as? [[String: Any]])
                    #expect(letters.count == 2 && letters.allSatisfy { $0["destination"] as? String == "crm" && $0["last_status"] as? Int == 400 })
                    #expect(body["next"] as? Int == letters.last?["id"] as? Int)
                }
                try await client.execute(uri: "/admin/dlq?limit=0", method: .get, headers: admin) { #expect($0.status == .unprocessableContent) }

                try await client.execute(uri: "/admin/dlq/replay", method: .post, headers: admin, body: ByteBuffer(string: #"{"ids":[\#(ids[0])]}"#)) { response in
                    #expect(response.status == .ok && (json(response.body) as? [String: Any])?["replayed"] as? Int == 1)
                }
                try await client.execute(uri: "/admin/dlq/purge", method: .post, headers: admin, body: ByteBuffer(string: #"{"all":true,"destination":"hooks"}"#)) { response in
                    #expect((json(response.body) as? [String: Any])?["purged"] as? Int == 1)
                }
                for (bad, field) in [(#"{}"#, "ids"), (#"{"ids":[],"all":true}"#, "ids"), (#"{"ids":[1],"destination":"crm"}"#, "destination"),
                                     (#"{"ids":"1"}"#, "ids"), (#"{"ids":[1],"every":true}"#, "every")] {
                    try await client.execute(uri: "/admin/dlq/replay", method: .post, headers: admin, body: ByteBuffer(string: bad)) { response in
                        #expect(response.status == .unprocessableContent, "\(bad)")
                        #expect((json(response.body) as? [String: Any])?["field"] as? String == field, "\(bad): \(String(buffer: response.body))")
                    }
                }
                // Not JSON at all is the API's usual 400.
                try await client.execute(uri: "/admin/dlq/replay", method: .post, headers: admin, body: ByteBuffer(string: "not json")) { response in
                    #expect(response.status == .badRequest && (json(response.body) as? [String: Any])?["error"] as? String == "malformed_json")
                }
                try await client.execute(uri: "/admin/destinations/crm/enable", method: .post, headers: admin) { #expect($0.status == .noContent) }
                try await client.execute(uri: "/admin/destinations/crm/enable", method: .post, headers: admin) { #expect($0.status == .notFound) }
            }
            #expect(try await store.outbox.deadLetters().map(\.id) == Array(ids[1...2]))
            #expect(try await store.outbox.disabledDestinations().isEmpty)
            let audit = try await store.auditLog.entries()
            #expect(audit.contains { $0.action == "outbox.replay" } && audit.contains { $0.action == "outbox.purge" } && audit.contains { $0.action == "delivery.enable" })
        }
    }
}
