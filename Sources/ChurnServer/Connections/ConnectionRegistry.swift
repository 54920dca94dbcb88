#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Synchronization

/// Every open client connection with the phase it is in and since when: what the timeouts and the
/// connection cap are enforced against. One sweep every `sweepInterval` closes connections past
/// their phase's deadline, instead of one timer per connection. Apart from its phase, a connection
/// whose client does not read what it is sent is *stalled* (the channel is not writable) and is
/// closed after the write timeout.
final class ConnectionRegistry: Sendable {
    enum Phase: Sendable {
        /// No request in progress and no byte of the next one yet.
        case waiting
        /// Bytes of a request head have arrived, the head is not complete.
        case readingHead
        /// The head is complete, the body is not.
        case readingBody
        /// Like `readingBody`, of the one request whose body is read before its sender is known
        /// (the sign-in form): shed like an idle connection at the cap.
        case readingAnonymousBody
        /// The request is complete and being answered (the request timeout covers this).
        case responding
        /// Admitted over the cap with no connection to shed: its request gets a 503, then it closes.
        case refused
    }

    /// Why the server closed a connection (the `reason` of `churnguard_connections_closed_total`).
    enum Closure: String, Sendable, CaseIterable {
        case idle, header, body, write, shed, refused
    }

    private struct Entry {
        let channel: any Channel
        var phase: Phase
        var since: ContinuousClock.Instant
        /// Since when the client has not been reading what it is sent, if it is not.
        var stalledSince: ContinuousClock.Instant?

        /// Waiting on the client with no request of a known sender in progress: what the cap may close.
        var isSheddable: Bool {
            stalledSince != nil || [.waiting, .readingHead, .readingAnonymousBody, .refused].contains(phase)
        }

        var sheddingOrder: ContinuousClock.Instant { stalledSince ?? since }
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var sweeper: RepeatedTask?
    }

    let limits: ConnectionLimits
    private let sweepInterval: TimeAmount
    private let state = Mutex(State())
    /// Where the number of open connections and the closed ones are exported.
    private let metrics: ServerMetrics?

    init(limits: ConnectionLimits, sweepInterval: Duration = .milliseconds(250), metrics: ServerMetrics? = nil) {
        self.limits = limits
        self.sweepInterval = TimeAmount(sweepInterval)
        self.metrics = metrics
    }

    /// Admits a new connection. Over the cap, closes the connection that has waited longest on its
    /// client with no request of a known sender in progress (idle, still sending its head or its
    /// sign-in form, or not reading its answer) to make room; returns `.refused` when every other
    /// connection is busy.
    func open(_ channel: any Channel) -> Phase {
        let now = ContinuousClock.now
        let (phase, victim, open) = state.withLock { state -> (Phase, (any Channel)?, Int) in
            var victim: (any Channel)?
            var phase = Phase.waiting
            if state.entries.count >= limits.maxConnections {
                let candidate = state.entries
                    .filter { $0.value.isSheddable }
                    .min { $0.value.sheddingOrder < $1.value.sheddingOrder }
                if let candidate {
                    state.entries[candidate.key] = nil
                    victim = candidate.value.channel
                } else {
                    phase = .refused
                }
            }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, phase: phase, since: now)
            if state.sweeper == nil {
                state.sweeper = channel.eventLoop.scheduleRepeatedTask(initialDelay: sweepInterval, delay: sweepInterval) { [weak self] _ in
                    self?.sweep()
                }
            }
            return (phase, victim, state.entries.count)
        }
        victim?.close(promise: nil)
        if victim != nil { metrics?.recordConnectionClosed(.shed) }
        if phase == .refused { metrics?.recordConnectionClosed(.refused) }
        metrics?.setOpenConnections(open)
        return phase
    }

    /// Notes whether the client of `channel` is reading what it is sent (the channel's writability).
    func setStalled(_ stalled: Bool, _ channel: any Channel) {
        let now = ContinuousClock.now
        state.withLock { state in
            let id = ObjectIdentifier(channel)
            guard state.entries[id] != nil else { return }
            if !stalled {
                state.entries[id]?.stalledSince = nil
            } else if state.entries[id]?.stalledSince == nil {
                state.entries[id]?.stalledSince = now
            }
        }
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

    /// How many open connections are in `phase`.
    func count(in phase: Phase) -> Int {
        state.withLock { $0.entries.values.count { $0.phase == phase } }
    }

    func close(_ channel: any Channel) {
        let open = state.withLock { state in
            state.entries[ObjectIdentifier(channel)] = nil
            if state.entries.isEmpty {
                state.sweeper?.cancel()
                state.sweeper = nil
            }
            return state.entries.count
        }
        metrics?.setOpenConnections(open)
    }

    /// Closes `channel` with a reset rather than a graceful close: the answers its client never read
    /// are dropped at once instead of staying in the kernel's buffers behind a zero window.
    private static func reset(_ channel: any Channel) {
        guard let socket = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Closes every connection past its phase's deadline, or stalled for longer than the write timeout.
    func sweep() {
        let now = ContinuousClock.now
        let expired = state.withLock { state -> [(any Channel, Closure)] in
            var expired: [(any Channel, Closure)] = []
            for (id, entry) in state.entries {
                let deadline: (limit: Duration, reason: Closure)?
                if let stalled = entry.stalledSince, now - stalled >= limits.writeTimeout {
                    deadline = (limits.writeTimeout, .write)
                } else {
                    switch entry.phase {
                    case .waiting: deadline = (limits.idleTimeout, .idle)
                    case .readingHead: deadline = (limits.headerTimeout, .header)
                    case .readingBody, .readingAnonymousBody: deadline = (limits.bodyTimeout, .body)
                    // The request timeout bounds the handler; a client that does not read the answer stalls.
                    case .responding: deadline = nil
                    case .refused: deadline = (min(limits.headerTimeout, .seconds(1)), .refused)
                    }
                }
                guard let deadline, deadline.reason == .write || now - entry.since >= deadline.limit else { continue }
                expired.append((entry.channel, deadline.reason))
                state.entries[id] = nil
            }
            return expired
        }
        for (channel, reason) in expired {
            if reason == .write { Self.reset(channel) } else { channel.close(promise: nil) }
            if reason != .refused { metrics?.recordConnectionClosed(reason) }
        }
    }
}

