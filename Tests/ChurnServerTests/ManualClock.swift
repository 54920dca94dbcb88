import Foundation
import Synchronization

/// A wall clock the test moves by hand, for code that takes a `now` closure: time passes when the
/// test says so, not while it sleeps.
final class ManualClock: Sendable {
    private let now: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_764_000_000)) {
        now = Mutex(start)
    }

    @Sendable func read() -> Date { now.withLock { $0 } }
    func advance(by seconds: TimeInterval) { now.withLock { $0 += seconds } }
}
