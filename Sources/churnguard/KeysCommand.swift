import ArgumentParser
import ChurnStore
import Foundation

/// `churnguard keys`: the data keys that seal customer data at rest.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, inspect and rotate the data keys that encrypt customer data at rest.",
        discussion: """
            With a data key, customer features, the inputs and reasons of logged predictions and the raw tables' personal \
            columns are stored encrypted (AES-256-GCM); ids, dates, scores and tiers stay in clear. The key comes from the \
            environment only, never the command line or the database:
              CHURNGUARD_DATA_KEY_FILE   a file holding the base64 key, mode 0600 (or CHURNGUARD_DATA_KEY, the base64 itself)
            Every process of an installation needs the same key; one that has none or another is refused at start-up.

            To rotate: make a new key, restart every process with it as CHURNGUARD_DATA_KEY_FILE and the old one as \
            CHURNGUARD_DATA_KEY_PREVIOUS_FILE, run `churnguard keys rotate`, then drop the previous key.
            """,
        subcommands: [Generate.self, Status.self, Rotate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new random data key to a file readable by its owner only.",
            discussion: "The file is created with mode 0600 and never overwritten. Keep a copy apart from the database backups.")

        @Option(name: .long, help: "The key file to create.")
        var out: String

        func run() throws {
            let descriptor = open(out, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard descriptor >= 0 else {
                let reason = errno == EEXIST ? "it already exists; a key file is never overwritten" : String(cString: strerror(errno))
                throw ValidationError("cannot create the key file \(out): \(reason)")
            }
            let text = DataKey.generateBase64() + "\n"
            let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, text.utf8.count) }
            fsync(descriptor)
            close(descriptor)
            guard written == text.utf8.count else { throw ValidationError("could not write the key file \(out)") }
            let environment = [DataKeySource.keyFileVariable: out]
            let id = try DataKeySource.environment(environment).keyID() ?? "?"
            print("Wrote data key \(id) to \(out) (mode 0600).")
            print("Use it with: export \(DataKeySource.keyFileVariable)=\(out)")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the configured key and the keys the store's data is sealed under.")

        @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
        var home: String?

        func run() async throws {
            let (encrypts, records) = try await withStore(home: home) { store in (store.encryptsAtRest, try await store.dataKeys) }
            print(encrypts ? "Encryption at rest: on (new values are sealed under the active key)." : "Encryption at rest: off (no data key configured).")
            if records.isEmpty { print("No data key has been used with this store.") }
            let formatter = ISO8601DateFormatter()
            for record in records {
                var line = "  \(record.keyID)  \(record.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  since \(formatter.string(from: record.createdAt))"
                if let retired = record.retiredAt { line += ", retired \(formatter.string(from: retired))" }
                if let table = record.rotationTable { line += ", rotation stopped in \(table) (run `churnguard keys rotate` to resume)" }
                print(line)
            }
            if records.contains(where: { $0.state == .previous }) {
                print("Values may still be sealed under a previous key: run `churnguard keys rotate` before removing it.")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every sealed value under the current key, then retire the older keys.",
            discussion: """
                Needs the new key as CHURNGUARD_DATA_KEY_FILE and, while values under the old key remain, the old key as
                CHURNGUARD_DATA_KEY_PREVIOUS_FILE. Also seals values written before the store had a key. Works a page of rows
                at a time, each page one short transaction, so servers keep running; if interrupted, run it again and it
                resumes where it stopped. Audited as keys.rotate.
                """)

        @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
        var home: String?

        @Option(name: .long, help: "Rows re-encrypted per transaction.")
        var pageSize = 1_000

        @Option(name: .long, help: "Who is acting, recorded in the audit log.")
        var actor = ProcessInfo.processInfo.environment["USER"] ?? "keys"

        func validate() throws {
            guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
        }

        func run() async throws {
            let started = Date()
            let summary = try await withStore(home: home) { store in
                try await store.keyRotation.run(actor: actor, pageSize: pageSize) { progress in
                    // One line per 50 pages keeps a large table's progress readable.
                    guard progress.scanned % (pageSize * 50) == 0 else { return }
                    StandardError.print("  \(progress.table): \(progress.scanned) rows read, \(progress.resealed) re-encrypted")
                }
            }
            print("Rotated to data key \(summary.keyID)\(summary.resumed ? " (resumed)" : "") in \(seconds(since: started)):")
            for (table, count) in summary.resealed.sorted(by: { $0.key < $1.key }) {
                print("  \(table.padding(toLength: 26, withPad: " ", startingAt: 0)) \(count) rows re-encrypted")
            }
            print(summary.retiredKeyIDs.isEmpty
                ? "No older key to retire."
                : "Retired \(summary.retiredKeyIDs.joined(separator: ", ")): CHURNGUARD_DATA_KEY_PREVIOUS_FILE can now be removed.")
        }
    }
}
