import Foundation
import Synchronization

/// Lets a long command's progress line through at most once per `interval` (and always the last
/// one), from whichever thread reports: a terminal or a log gets a steady pulse, not a flood.
final class ProgressThrottle: Sendable {
    private let interval: TimeInterval
    private let last = Mutex(Date.distantPast)

    init(every interval: TimeInterval = 2) {
        self.interval = interval
    }

    /// Whether a line is due now; `final` always is.
    func due(final: Bool = false) -> Bool {
        let now = Date()
        return last.withLock { last in
            guard final || now.timeIntervalSince(last) >= interval else { return false }
            last = now
            return true
        }
    }
}
