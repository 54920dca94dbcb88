import Foundation

/// Paces sends per destination: at most its rate limit, and nothing before a time a receiver asked
/// for with `Retry-After` (a 429 pauses the whole destination, not just the message). A send that
/// reserved its slot before a pause began checks the pause again when its slot comes and then takes
/// a new slot after it, so nothing reaches a receiver sooner than it asked, nor faster than the rate
/// once the pause ends. Also knows the destinations retired by a 410, so the
/// messages claimed with them are put back.
///
/// It is also the circuit breaker: after `breakerThreshold` failed attempts in a row (no answer or
/// a 5xx), when at least half of its last 50 attempts failed too, a destination rests for
/// `breakerCooldown`; the first send after the rest is the probe, and one more failure opens the
/// circuit again at once, while a success closes it. The share keeps scattered transient failures
/// of a busy, healthy destination (a run of five is bound to happen among 100,000 sends) from
/// resting it.
actor DestinationPacer {
    private var nextSlot: [String: Date] = [:]
    private var pausedUntil: [String: Date] = [:]
    private var retired: Set<String> = []
    private var lastSend: [String: Date] = [:]
    private var consecutiveFailures: [String: Int] = [:]
    private var recent: [String: [Bool]] = [:]
    static let window = 50
    let breakerThreshold: Int
    let breakerCooldown: TimeInterval

    init(breakerThreshold: Int = 5, breakerCooldown: TimeInterval = 30) {
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
    }

    /// Counts an attempt's result; returns the end of the rest when this failure opened the circuit.
    func recordResult(_ destination: String, failed: Bool, now: Date = Date()) -> Date? {
        var history = recent[destination, default: []]
        history.append(failed)
        if history.count > Self.window { history.removeFirst(history.count - Self.window) }
        recent[destination] = history
        guard failed else {
            consecutiveFailures[destination] = 0
            return nil
        }
        let failures = consecutiveFailures[destination, default: 0] + 1
        consecutiveFailures[destination] = failures
        guard failures >= breakerThreshold, 2 * history.filter({ $0 }).count >= history.count else { return nil }
        let until = now.addingTimeInterval(breakerCooldown)
        pause(destination, until: until)
        return until
    }

    /// The time this send may start: now, or later when the destination is paced or paused.
    func reserve(_ destination: String, rateLimit: Double?, now: Date = Date()) -> Date {
        let slot = max(now, nextSlot[destination] ?? now, pausedUntil[destination] ?? now)
        if let rateLimit, rateLimit > 0 {
            nextSlot[destination] = slot.addingTimeInterval(1 / rateLimit)
        }
        return slot
    }

    enum Admission: Equatable {
        /// The send may leave; it was recorded as leaving at this time.
        case now(Date)
        /// Not before this time.
        case later(Date)
    }

    /// Whether a send may leave now by the rate limit, counted from the last send that actually left.
    /// Slots are reserved ahead, and sends held up past theirs (a busy machine, a pause) would
    /// otherwise leave together.
    func admit(_ destination: String, rateLimit: Double?, now: Date = Date()) -> Admission {
        guard let rateLimit, rateLimit > 0 else { return .now(now) }
        if let last = lastSend[destination], now < last.addingTimeInterval(1 / rateLimit) {
            return .later(last.addingTimeInterval(1 / rateLimit))
        }
        lastSend[destination] = now
        return .now(now)
    }

    /// The end of a pause that began after a slot was reserved; nil when the destination may be sent to now.
    func pause(of destination: String, now: Date = Date()) -> Date? {
        guard let until = pausedUntil[destination], until > now else { return nil }
        return until
    }

    /// Holds every send to `destination` until `until`.
    func pause(_ destination: String, until: Date) {
        pausedUntil[destination] = max(pausedUntil[destination] ?? until, until)
    }

    func retire(_ destination: String) { retired.insert(destination) }
    /// Takes the store's word on which destinations are retired (someone may have enabled one again).
    func setRetired(_ destinations: Set<String>) { retired = destinations }
    func isRetired(_ destination: String) -> Bool { retired.contains(destination) }
}
