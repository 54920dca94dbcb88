import Foundation
import NIOConcurrencyHelpers

/// Lets one write transaction at a time into a SQLite file from this process. SQLite allows one writer
/// anyway; without this, writers waiting on the busy timeout would each block one of the few threads
/// sqlite-nio runs statements on, and the writer holding the lock could be left without a thread to
/// finish on. Writers in other processes still queue on the busy timeout.
actor SQLiteWriteGate {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// One gate per database file, shared by every store this process opens on it.
    static func gate(forFile path: String) -> SQLiteWriteGate {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        return gates.withLockedValue { gates in
            if let gate = gates[key] { return gate }
            let gate = SQLiteWriteGate()
            gates[key] = gate
            return gate
        }
    }

    private static let gates = NIOLockedValueBox<[String: SQLiteWriteGate]>([:])
}
