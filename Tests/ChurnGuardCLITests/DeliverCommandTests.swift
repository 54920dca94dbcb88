import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// `churnguard deliver` and `churnguard dlq` through the real executable against a real receiver:
/// a process killed between sending and recording re-sends the same webhook-ids, which the receiver
/// applies once; a refusal is a dead letter that `dlq replay` delivers once the receiver is fixed.
@Suite(.serialized) struct DeliverCommandTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// A home with `count` messages for the destination `hooks` and a delivery.yaml pointing at `port`.
    static func prepareHome(port: Int, count: Int) async throws -> String {
        let home = try CLIProcess.temporaryDirectory().path
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
        try await store.outbox.enqueue((0..<count).map {
            OutboxMessageDraft(destination: "hooks", kind: "retention.action", idempotencyKey: "cp-cli/c\($0)/offer",
                               payloadJSON: #"{"type":"retention.action","data":{"customer_id":"c\#($0)"}}"#)
        })
        try await store.shutdown()
        try """
            destinations:
              - name: hooks
                type: webhook
                url: http://127.0.0.1:\(port)/hook
                secret_env: HOOK_SECRET
                retry: {base_seconds: 0.01, cap_seconds: 0.05}
            worker: {batch_size: 50, concurrency: 1, lease_seconds: 1}
            """.write(toFile: home + "/delivery.yaml", atomically: true, encoding: .utf8)
        return home
    }

    static func churnguard(_ arguments: [String], home: String, failpoint: String? = nil) async throws -> ChildProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["HOOK_SECRET"] = secret
        environment["CHURNGUARD_DATABASE_URL"] = nil
        environment["CHURNGUARD_FAILPOINT"] = failpoint
        return try await CLIProcess.spawn(arguments + ["--home", home], environment: environment).result()
    }

    @Test func aKilledWorkerResendsTheSameIDsAndTheReceiverAppliesEachOnce() async throws {
        let receiver = WebhookReceiver(secrets: [Self.secret])
        try await receiver.run { port in
            let home = try await Self.prepareHome(port: port, count: 30)
            defer { try? FileManager.default.removeItem(atPath: home) }
            let killed = try await Self.churnguard(["deliver", "--drain"], home: home, failpoint: "deliver-crash-after-sends:5")
            #expect(killed.signaled, "\(killed.errors)")
            let beforeCrash = receiver.snapshot(\.applied)
            #expect(beforeCrash.count == 5)

            let rerun = try await Self.churnguard(["deliver", "--drain"], home: home)
            #expect(rerun.status == 0, "\(rerun.errors)")
            #expect(rerun.output.contains("delivered 30,") && rerun.output.contains("0 waiting, 0 dead letters"), "\(rerun.output)")
            let (applied, arrivals, bad) = receiver.snapshot { ($0.applied, $0.arrivals, $0.badSignatures) }
            #expect(applied.count == 30 && Set(applied).count == 30 && bad == 0)
            // The five sent before the kill came again under the same ids, and were applied once. (At
            // least twice, not exactly: on a loaded machine a send can time out and be retried too.)
            #expect(beforeCrash.allSatisfy { arrivals[$0, default: 0] >= 2 }, "\(beforeCrash.map { arrivals[$0, default: 0] })")
        }
    }

    @Test func aRefusedMessageIsADeadLetterThatReplayDelivers() async throws {
        let receiver = WebhookReceiver(secrets: [Self.secret])
        receiver.update { $0.fallback = .status(400, body: "unknown customer") }
        try await receiver.run { port in
            let home = try await Self.prepareHome(port: port, count: 3)
            defer { try? FileManager.default.removeItem(atPath: home) }
            let first = try await Self.churnguard(["deliver", "--drain"], home: home)
            #expect(first.status == 0 && first.output.contains("dead 3"), "\(first.output)\(first.errors)")
            let list = try await Self.churnguard(["dlq", "list"], home: home)
            #expect(list.output.split(separator: "\n").filter { $0.contains("HTTP 400") && $0.contains("unknown customer") }.count == 3, "\(list.output)")
            #expect(receiver.snapshot(\.requests) == 3)

            receiver.update { $0.fallback = .ok }
            let replay = try await Self.churnguard(["dlq", "replay", "--all", "--actor", "ops"], home: home)
            #expect(replay.output.contains("replayed 3"), "\(replay.output)\(replay.errors)")
            let second = try await Self.churnguard(["deliver", "--once"], home: home)
            #expect(second.output.contains("delivered 3,"), "\(second.output)\(second.errors)")
            #expect(try await Self.churnguard(["dlq", "list"], home: home).output.contains("No dead letters."))
            #expect(Set(receiver.snapshot(\.applied)) == Set((0..<3).map { "cp-cli/c\($0)/offer" }))

            let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
            let audit = try await store.auditLog.entries()
            try await store.shutdown()
            #expect(audit.contains { $0.action == "outbox.replay" && $0.actor == "ops" })
        }
    }
}
