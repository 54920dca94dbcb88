/// How an attempt ended, as the metrics count it.
public enum DeliveryAttemptResult: String, Sendable, CaseIterable {
    case delivered
    case retried
    case dead
}

/// Hears every delivery attempt, so a host process can export per-destination counts and latency
/// (`serve --deliver` records them in its Prometheus registry).
public protocol DeliveryMetrics: Sendable {
    func recordAttempt(destination: String, result: DeliveryAttemptResult, duration: Duration)
}
