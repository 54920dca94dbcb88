import NIOCore
import Synchronization

/// Every open client connection with the phase it is in and since when: what the timeouts and the
/// connection cap are enforced against. One sweep every `sweepInterval` closes connections past
/// their phase's deadline, instead of one timer per connection.
final class ConnectionRegistry: Sendable {
    enum Phase: Sendable {
        /// No request in progress and no byte of the next one yet.
        case waiting
        /// Bytes of a request head have arrived, the head is not complete.
        case readingHead
        /// The head is complete, the body is not.
        case readingBody
        /// The request is complete and being answered (the request timeout covers this).
        case responding
        /// Admitted over the cap with no connection to shed: its request gets a 503, then it closes.
        case refused
    }

    private struct Entry {
        let channel: any Channel
        var phase: Phase
        var since: ContinuousClock.Instant
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var sweeper: RepeatedTask?
        var shed = 0
        var timedOut = 0
        var refused = 0
    }

    let limits: ConnectionLimits
    private let sweepInterval: TimeAmount
    private let state = Mutex(State())

    init(limits: ConnectionLimits, sweepInterval: Duration = .milliseconds(250)) {
        self.limits = limits
        self.sweepInterval = TimeAmount(sweepInterval)
    }

    /// Admits a new connection. Over the cap, closes the longest-waiting connection that has no
    /// request in progress (idle, or still sending its head) to make room; returns `.refused`
    /// when every other connection is busy.
    func open(_ channel: any Channel) -> Phase {
        let now = ContinuousClock.now
        let (phase, victim) = state.withLock { state -> (Phase, (any Channel)?) in
            var victim: (any Channel)?
            var phase = Phase.waiting
            if state.entries.count >= limits.maxConnections {
                let candidate = state.entries
                    .filter { $0.value.phase == .waiting || $0.value.phase == .readingHead || $0.value.phase == .refused }
                    .min { $0.value.since < $1.value.since }
                if let candidate {
                    state.entries[candidate.key] = nil
                    victim = candidate.value.channel
                    state.shed += 1
                } else {
                    phase = .refused
                    state.refused += 1
                }
            }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, phase: phase, since: now)
            if state.sweeper == nil {
                state.sweeper = channel.eventLoop.scheduleRepeatedTask(initialDelay: sweepInterval, delay: sweepInterval) { [weak self] _ in
                    self?.sweep()
                }
            }
            return (phase, victim)
        }
        victim?.close(promise: nil)
        return phase
    }

    func enter(_ phase: Phase, _ channel: any Channel) {
        let now = ContinuousClock.now
        state.withLock { state in
            let id = ObjectIdentifier(channel)
            guard state.entries[id] != nil, state.entries[id]?.phase != .refused else { return }
            state.entries[id]?.phase = phase
            state.entries[id]?.since = now
        }
    }

    func phase(of channel: any Channel) -> Phase? {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.phase }
    }

    func close(_ channel: any Channel) {
        state.withLock { state in
            state.entries[ObjectIdentifier(channel)] = nil
            if state.entries.isEmpty {
                state.sweeper?.cancel()
                state.sweeper = nil
            }
        }
    }

    /// Open connections, and how many were shed, timed out and refused since the start.
    var counts: (open: Int, shed: Int, timedOut: Int, refused: Int) {
        state.withLock { ($0.entries.count, $0.shed, $0.timedOut, $0.refused) }
    }

    /// Closes every connection past its phase's deadline.
    func sweep() {
        let now = ContinuousClock.now
        let expired = state.withLock { state -> [any Channel] in
            var expired: [any Channel] = []
            for (id, entry) in state.entries {
                let limit: Duration?
                switch entry.phase {
                case .waiting: limit = limits.idleTimeout
                case .readingHead: limit = limits.headerTimeout
                case .readingBody: limit = limits.bodyTimeout
                case .responding: limit = nil
                case .refused: limit = min(limits.headerTimeout, .seconds(1))
                }
                if let limit, now - entry.since >= limit {
                    expired.append(entry.channel)
                    state.entries[id] = nil
                    state.timedOut += 1
                }
            }
            return expired
        }
        for channel in expired { channel.close(promise: nil) }
    }
}
