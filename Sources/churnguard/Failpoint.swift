import Foundation
import Synchronization

/// Crashes at a known moment, for the tests that prove a killed job loses nothing:
/// `CHURNGUARD_FAILPOINT=NAME:N` makes the process SIGKILL itself at the Nth event NAME counts.
/// A kill from outside the process would race a job fast enough to finish first.
enum Failpoint {
    static func count(named name: String) -> Int? {
        guard let failpoint = ProcessInfo.processInfo.environment["CHURNGUARD_FAILPOINT"], failpoint.hasPrefix(name + ":") else { return nil }
        return Int(failpoint.dropFirst(name.count + 1))
    }

    static func die(_ moment: String) -> Never {
        StandardError.print("failpoint: dying \(moment)")
        kill(getpid(), SIGKILL)
        fatalError("SIGKILL did not end the process")
    }
}

/// Counts events seen by callbacks that may run on several tasks.
final class EventCounter: Sendable {
    private let count = Mutex(0)

    func increment() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
}
