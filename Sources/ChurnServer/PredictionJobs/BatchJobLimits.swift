/// How many batch prediction jobs the server holds and for how long. Results live in memory (about
/// 0.5 KB per prediction with five reasons, so a full 100,000-customer job holds about 50 MB): the
/// limits bound that memory, and the predictions log keeps every prediction for good.
public struct BatchJobLimits: Sendable {
    /// Jobs waiting or running at once; a submission beyond it is answered 503 with Retry-After.
    public var maxActive = 4
    /// Finished jobs kept for their results; the oldest finished job is dropped first.
    public var maxRetained = 10
    /// How long a finished job's status and results stay readable.
    public var retention: Duration = .seconds(3_600)
    /// Customers scored and logged per step (one predictions-log append each).
    public var chunkSize = 1_000

    public init() {}
}
