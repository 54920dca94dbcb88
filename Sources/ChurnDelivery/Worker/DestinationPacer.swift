import Foundation

/// Paces sends per destination: at most its rate limit, and nothing before a time a receiver asked
/// for with `Retry-After` (a 429 pauses the whole destination, not just the message). Also knows
/// the destinations retired during this run (410), so messages claimed with them are put back.
actor DestinationPacer {
    private var nextSlot: [String: Date] = [:]
    private var retired: Set<String> = []

    /// The time this send may start: now, or later when the destination is paced or paused.
    func reserve(_ destination: String, rateLimit: Double?, now: Date = Date()) -> Date {
        let slot = max(now, nextSlot[destination] ?? now)
        if let rateLimit, rateLimit > 0 {
            nextSlot[destination] = slot.addingTimeInterval(1 / rateLimit)
        } else if nextSlot[destination] != nil, slot == now {
            nextSlot[destination] = nil
        }
        return slot
    }

    /// Holds every send to `destination` until `until`.
    func pause(_ destination: String, until: Date) {
        nextSlot[destination] = max(nextSlot[destination] ?? until, until)
    }

    func retire(_ destination: String) { retired.insert(destination) }
    /// Takes the store's word on which destinations are retired (someone may have enabled one again).
    func setRetired(_ destinations: Set<String>) { retired = destinations }
    func isRetired(_ destination: String) -> Bool { retired.contains(destination) }
}
