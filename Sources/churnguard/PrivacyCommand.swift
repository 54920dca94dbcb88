import ArgumentParser
import ChurnStore
import Foundation

/// `churnguard privacy export|erase CUSTOMER_ID`: a customer's rights of access and erasure. Both
/// are audited without the customer's id (the audit log cannot forget); nothing personal is logged.
struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Export everything held about a customer, or erase it.",
        subcommands: [Export.self, Erase.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every row about the customer (activity, features, predictions, campaigns, outcomes, deliveries) as one JSON document.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "The customer's id.") var customerID: String
        @Option(name: .long, help: "Write the document to this file (mode 0600) instead of standard output.") var out: String?

        func run() async throws {
            let document = try await options.withStore { store in
                try await store.customerData.export(customerID: customerID, actor: options.actor).jsonDocument()
            }
            guard let out else {
                print(document)
                return
            }
            guard FileManager.default.createFile(atPath: out, contents: Data(document.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ValidationError("--out: cannot write \(out)")
            }
            print("exported to \(out)")
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the customer everywhere, cancel their pending deliveries, leave an audit tombstone without their data.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "The customer's id.") var customerID: String

        func run() async throws {
            let erasure = try await options.withStore { store in
                try await store.customerData.erase(customerID: customerID, actor: options.actor)
            }
            guard let id = erasure.erasureID else {
                print("nothing held about this customer; nothing erased")
                return
            }
            let tables = erasure.deleted.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            print("erased (tombstone erasure:\(id.uuidString.lowercased())): \(erasure.rowsDeleted) row(s) [\(tables.joined(separator: ", "))], "
                  + "\(erasure.cancelledDeliveries) pending deliveries cancelled, \(erasure.redactedDigests) digest(s) and \(erasure.redactedErrors) error message(s) redacted")
        }
    }
}
