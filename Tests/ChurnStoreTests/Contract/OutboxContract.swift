import Foundation
import Testing
@testable import ChurnStore

/// The delivery outbox: idempotent enqueueing, exclusive leases that expire, outcomes recorded
/// attempt by attempt, audited replays and purges of dead letters, and a campaign's messages
/// committed with (and only with) its candidates.
@Suite("Store contract: outbox") struct OutboxContract {
    static func drafts(_ range: Range<Int>, destination: String = "hooks") -> [OutboxMessageDraft] {
        range.map {
            OutboxMessageDraft(destination: destination, kind: "retention.action", idempotencyKey: "cp-1/c\($0)/offer",
                               payloadJSON: #"{"customer_id": "c\#($0)"}"#)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func enqueueIsIdempotentPerDestination(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let outbox = store.outbox
            #expect(try await outbox.enqueue(Self.drafts(0..<1_500)) == 1_500)  // more rows than one statement carries
            // The same keys again are skipped; the same keys for another destination are other messages.
            #expect(try await outbox.enqueue(Self.drafts(1_000..<1_600)) == 100)
            #expect(try await outbox.enqueue(Self.drafts(0..<10, destination: "slack")) == 10)
            let all = try await outbox.messages(limit: 5_000)
            #expect(all.count == 1_610)
            #expect(all.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.leaseOwner == nil })
            let first = try #require(try await outbox.message(id: all[0].id))
            #expect(first.idempotencyKey == "cp-1/c0/offer" && first.kind == "retention.action")
            #expect(try canonicalJSON(first.payloadJSON) == #"{"customer_id":"c0"}"#)

            // A bad draft names its field and writes nothing, not even its valid neighbours.
            var bad = Self.drafts(2_000..<2_003)
            bad[1].idempotencyKey = ""
            await #expect(throws: StoreError.invalidValue(field: "messages[1].idempotency_key", reason: "must not be empty")) {
                try await outbox.enqueue(bad)
            }
            await #expect(throws: (any Error).self) {
                try await outbox.enqueue([OutboxMessageDraft(destination: "hooks", kind: "k", idempotencyKey: "x", payloadJSON: "{not json")])
            }
            #expect(try await outbox.messages(limit: 5_000).count == 1_610)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func leasesAreExclusiveUntilTheyExpire(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let outbox = store.outbox
            let now = Date()
            try await outbox.enqueue(Self.drafts(0..<10), at: now)
            try await outbox.enqueue(Self.drafts(0..<5, destination: "elsewhere"), at: now)
            // Three workers claim at once: disjoint messages, each with its attempt started.
            async let a = outbox.claim(destinations: ["hooks"], owner: "a", limit: 4, lease: 30, now: now)
            async let b = outbox.claim(destinations: ["hooks"], owner: "b", limit: 4, lease: 30, now: now)
            async let c = outbox.claim(destinations: ["hooks"], owner: "c", limit: 4, lease: 30, now: now)
            let claimed = try await [a, b, c].flatMap { $0 }
            #expect(claimed.count == 10 && Set(claimed.map(\.id)).count == 10)
            #expect(claimed.allSatisfy { $0.state == .leased && $0.attempts == 1 && $0.destination == "hooks" })
            #expect(claimed.allSatisfy { $0.leaseUntil == $0.nextAttemptAt })
            #expect(try await outbox.claim(destinations: ["hooks"], owner: "d", limit: 100, lease: 30, now: now.addingTimeInterval(10)).isEmpty)
            #expect(try await outbox.nextDue(destinations: ["hooks"]).map { abs($0.timeIntervalSince(now) - 30) < 0.01 } == true)

            // The workers die. After the lease expires another takes every message over, same keys, second attempt.
            let takeover = try await outbox.claim(destinations: ["hooks"], owner: "d", limit: 100, lease: 30, now: now.addingTimeInterval(31))
            #expect(takeover.map(\.idempotencyKey).sorted() == claimed.map(\.idempotencyKey).sorted())
            #expect(takeover.allSatisfy { $0.attempts == 2 && $0.leaseOwner == "d" })
            // Messages of destinations not asked for stay where they are.
            #expect(try await outbox.messages(destination: "elsewhere").allSatisfy { $0.state == .pending })
        }
    }

    @Test(arguments: TestBackend.allCases)
    func outcomesMoveMessagesAlong(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let outbox = store.outbox
            let now = Date()
            try await outbox.enqueue(Self.drafts(0..<4), at: now)
            let claimed = try await outbox.claim(destinations: ["hooks"], owner: "a", limit: 10, lease: 30, now: now)
            let ids = claimed.map(\.id)
            try await outbox.record([
                OutboxOutcome(messageID: ids[0], result: .delivered, status: 204),
                OutboxOutcome(messageID: ids[1], result: .retry(at: now.addingTimeInterval(60)), status: 503, error: "503 Service Unavailable"),
                OutboxOutcome(messageID: ids[2], result: .dead, status: 400, error: "400 Bad Request: missing field"),
                OutboxOutcome(messageID: ids[3], result: .postponed(until: now.addingTimeInterval(5))),
            ], at: now)
            let after = try await outbox.messages()
            #expect(after.map(\.state) == [.delivered, .pending, .dead, .pending])
            #expect(after[0].lastStatus == 204 && after[0].lastError == nil && after[0].leaseOwner == nil)
            #expect(after[1].lastStatus == 503 && after[1].attempts == 1 && after[1].lastError == "503 Service Unavailable")
            #expect(after[2].lastStatus == 400 && after[2].lastError == "400 Bad Request: missing field")
            #expect(after[3].attempts == 0)  // postponed: the attempt never happened

            // Not due before their times; due after.
            #expect(try await outbox.claim(destinations: ["hooks"], owner: "b", limit: 10, lease: 30, now: now.addingTimeInterval(1)).isEmpty)
            #expect(try await outbox.claim(destinations: ["hooks"], owner: "b", limit: 10, lease: 300, now: now.addingTimeInterval(6)).map(\.id) == [ids[3]])
            let retried = try await outbox.claim(destinations: ["hooks"], owner: "b", limit: 10, lease: 30, now: now.addingTimeInterval(61))
            #expect(retried.map(\.id) == [ids[1]] && retried[0].attempts == 2)

            // An outcome for a message no longer leased (delivered, dead) changes nothing.
            try await outbox.record([OutboxOutcome(messageID: ids[0], result: .dead, status: 500),
                                     OutboxOutcome(messageID: ids[2], result: .delivered, status: 200)], at: now)
            let final = try await outbox.messages()
            #expect(final[0].state == .delivered && final[2].state == .dead)

            let depth = try await outbox.depth()
            #expect(depth == [OutboxDepth(destination: "hooks", pending: 0, leased: 2, delivered: 1, dead: 1, oldestWaiting: final[1].createdAt)])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func deadLettersAreReplayedAndPurgedWithAnAuditLine(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let outbox = store.outbox
            let now = Date()
            try await outbox.enqueue(Self.drafts(0..<3) + Self.drafts(0..<2, destination: "slack"), at: now)
            let claimed = try await outbox.claim(destinations: ["hooks", "slack"], owner: "a", limit: 10, lease: 30, now: now)
            try await outbox.record(claimed.map { OutboxOutcome(messageID: $0.id, result: .dead, status: 400, error: "refused") }, at: now)
            #expect(try await outbox.deadLetters().count == 5)
            #expect(try await outbox.deadLetters(destination: "slack").count == 2)

            // Replay one by id: pending, due now, a fresh budget, the same key.
            let first = claimed[0]
            #expect(try await outbox.replay(.ids([first.id]), actor: "alice", at: now) == 1)
            let replayed = try #require(try await outbox.message(id: first.id))
            #expect(replayed.state == .pending && replayed.attempts == 0 && replayed.idempotencyKey == first.idempotencyKey)
            // Replaying a message that is not dead changes nothing.
            #expect(try await outbox.replay(.ids([first.id]), actor: "alice", at: now) == 0)
            // Replay every dead letter of a destination; purge the rest.
            #expect(try await outbox.replay(.all(destination: "slack"), actor: "bob", at: now) == 2)
            #expect(try await outbox.purge(.all(destination: nil), actor: "carol", at: now) == 2)
            #expect(try await outbox.deadLetters().isEmpty)
            #expect(try await outbox.messages().count == 3)

            let audit = try await store.auditLog.entries().filter { $0.action.hasPrefix("outbox.") }
            #expect(audit.map(\.action) == ["outbox.replay", "outbox.replay", "outbox.replay", "outbox.purge"])
            #expect(audit.map(\.actor) == ["alice", "alice", "bob", "carol"])
            #expect(audit[2].target == "destination:slack")
            #expect(try canonicalJSON(audit[0].detailsJSON) == #"{"ids":"\#(first.id)","messages":"1"}"#)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func destinationsAreDisabledAndEnabled(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let outbox = store.outbox
            #expect(try await outbox.disabledDestinations().isEmpty)
            try await outbox.disableDestination("hooks", reason: "410 Gone")
            try await outbox.disableDestination("hooks", reason: "410 Gone again")
            #expect(try await outbox.disabledDestinations() == ["hooks": "410 Gone again"])
            try await outbox.enableDestination("hooks", actor: "alice")
            #expect(try await outbox.disabledDestinations().isEmpty)
            #expect(try await store.auditLog.entries().map(\.action) == ["delivery.enable"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func campaignMessagesCommitWithTheCandidates(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let campaign = CampaignContract.campaign("cp-1", candidates: 9, holdout: 1)
            let rows = CampaignContract.candidates(campaign, 0..<10)
            try await store.campaigns.create(campaign, candidates: rows, messages: Self.drafts(0..<9))
            #expect(try await store.campaigns.candidateCount(campaignID: "cp-1", includeHoldout: true) == 10)
            let messages = try await store.outbox.messages()
            #expect(messages.count == 9 && messages.allSatisfy { $0.createdAt == campaign.createdAt })

            // A campaign that cannot be stored enqueues nothing: a bad candidate, or an id in use.
            let second = CampaignContract.campaign("cp-2", candidates: 2)
            var bad = CampaignContract.candidates(second, 0..<2)
            bad[1].churnProbability = 2
            await #expect(throws: StoreError.self) {
                try await store.campaigns.create(second, candidates: bad, messages: Self.drafts(100..<102))
            }
            await #expect(throws: StoreError.campaignAlreadyExists("cp-1")) {
                try await store.campaigns.create(campaign, candidates: rows, messages: Self.drafts(200..<209))
            }
            // A bad message refuses the campaign too.
            var badMessages = Self.drafts(300..<302)
            badMessages[0].destination = ""
            await #expect(throws: StoreError.self) {
                try await store.campaigns.create(second, candidates: CampaignContract.candidates(second, 0..<2), messages: badMessages)
            }
            #expect(try await store.campaigns.campaign(id: "cp-2") == nil)
            #expect(try await store.outbox.messages().count == 9)
        }
    }
}
