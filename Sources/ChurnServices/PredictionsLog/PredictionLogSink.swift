/// Where served predictions go. The real implementation is the batching predictions-log writer
/// over the store (with a disk spool when the database is away).
public protocol PredictionLogSink: Sendable {
    /// Accepts entries without waiting for the database; the sink makes them durable.
    func append(_ entries: [PredictionLogEntry]) async throws
}
