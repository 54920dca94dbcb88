import ArgumentParser
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard dlq …`: the dead letters of delivery — messages a receiver refused or that ran out of
/// attempts. Replays keep the idempotency key; replays, purges and enabling a destination are audited.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List, show, replay or purge dead delivery messages; enable a destination a 410 disabled.",
        subcommands: [List.self, Show.self, Replay.self, Purge.self, Enable.self]
    )

    static func line(_ m: OutboxMessage) -> String {
        let status = m.lastStatus.map { "HTTP \($0)" } ?? "no answer"
        let error = (m.lastError ?? "").replacingOccurrences(of: "\n", with: " ")
        return "\(m.id)  \(m.destination)  \(m.kind)  \(m.idempotencyKey)  attempts \(m.attempts)  \(status)  \(error.prefix(100))"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters, oldest first.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Option(name: .long, help: "Only this destination.") var destination: String?
        @Option(name: .long, help: "At most this many.") var limit = 100

        func run() async throws {
            let (dead, depth) = try await options.withStore { store in
                (try await store.outbox.deadLetters(destination: destination, limit: limit), try await store.outbox.depth())
            }
            if dead.isEmpty { print("No dead letters.") }
            for message in dead { print(DLQCommand.line(message)) }
            let total = depth.filter { destination == nil || $0.destination == destination }.reduce(0) { $0 + $1.dead }
            if total > dead.count { print("… \(total - dead.count) more; raise --limit or filter with --destination") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one message: state, attempts, last answer and payload.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "The message id (from `dlq list`).") var id: Int

        func run() async throws {
            guard let m = try await options.withStore({ try await $0.outbox.message(id: id) }) else {
                throw ValidationError("no outbox message \(id)")
            }
            print("""
                message \(m.id): \(m.kind) to \(m.destination), \(m.state.rawValue)
                idempotency key: \(m.idempotencyKey)
                attempts: \(m.attempts); next attempt: \(CampaignPlanExport.timestamp(m.nextAttemptAt))
                last status: \(m.lastStatus.map(String.init) ?? "none")
                last error: \(m.lastError ?? "none")
                created: \(CampaignPlanExport.timestamp(m.createdAt)); updated: \(CampaignPlanExport.timestamp(m.updatedAt))
                payload: \(m.payloadJSON)
                """)
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send dead letters again (same idempotency key, fresh attempts): by id, or --all [--destination D].")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @OptionGroup var letters: DeadLetterSelection

        func run() async throws {
            let selection = letters.selection
            let count = try await options.withStore { try await $0.outbox.replay(selection, actor: options.actor) }
            print("replayed \(count) dead letter(s); `churnguard deliver` sends them")
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete dead letters for good: by id, or --all [--destination D].")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @OptionGroup var letters: DeadLetterSelection

        func run() async throws {
            let selection = letters.selection
            let count = try await options.withStore { try await $0.outbox.purge(selection, actor: options.actor) }
            print("purged \(count) dead letter(s)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn a destination back on after its receiver answered 410 Gone.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "The destination's name.") var destination: String

        func run() async throws {
            try await options.withStore { try await $0.outbox.enableDestination(destination, actor: options.actor) }
            print("\(destination) is enabled; its waiting messages go with the next `churnguard deliver`")
        }
    }

}

/// Which dead letters `dlq replay` and `dlq purge` act on: by id, or all (of one destination).
struct DeadLetterSelection: ParsableArguments {
    @Argument(help: "Message ids.") var ids: [Int] = []
    @Flag(name: .long, help: "Every dead letter (of --destination if given).") var all = false
    @Option(name: .long, help: "With --all: only this destination.") var destination: String?

    func validate() throws {
        guard all != !ids.isEmpty else { throw ValidationError("name message ids or pass --all, not both") }
        guard destination == nil || all else { throw ValidationError("--destination goes with --all") }
    }

    var selection: Outbox.Selection { all ? .all(destination: destination) : .ids(ids) }
}
