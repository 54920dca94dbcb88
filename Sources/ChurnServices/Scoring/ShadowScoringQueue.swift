import ChurnModel
import Foundation

/// Scores the shadow model off the response path: requests hand over their inputs and return at
/// once; one background worker scores them in arrival order and logs the predictions with
/// `served_by = shadow`. Shadow predictions are never returned and never counted as served.
///
/// Bounded: at most `maxPendingCustomers` wait at a time; beyond that, shadow work is dropped (and
/// counted in `churnguard_shadow_dropped_total`) rather than letting a slow shadow or log grow memory
/// or steal the CPU the served path needs. Shadow data is for evaluation; a gap costs nothing served.
public actor ShadowScoringQueue {
    public struct Job: Sendable {
        var inputs: [ScoringInput]
        var shadow: ChurnPredictor
        var traceID: String
        var timestamp: Date
    }

    private let sink: any PredictionLogSink
    private let metrics: any ScoringMetrics
    private let maxPendingCustomers: Int
    private var jobs: [Job] = []
    private var pendingCustomers = 0
    private var working = false

    public init(sink: any PredictionLogSink, metrics: any ScoringMetrics, maxPendingCustomers: Int = 20_000) {
        self.sink = sink
        self.metrics = metrics
        self.maxPendingCustomers = maxPendingCustomers
    }

    public func submit(_ job: Job) {
        guard pendingCustomers + job.inputs.count <= maxPendingCustomers else {
            metrics.recordShadowDropped(job.inputs.count)
            return
        }
        jobs.append(job)
        pendingCustomers += job.inputs.count
        if !working {
            working = true
            // Below the requests': when both wait for a thread, the served path goes first.
            Task(priority: .background) { await self.work() }
        }
    }

    private func work() async {
        while !jobs.isEmpty {
            let job = jobs.removeFirst()
            let entries = await Self.score(job)
            // Best effort: the log writer spools when the database is away; if even that fails, the
            // shadow rows are lost, which is acceptable for evaluation data.
            try? await sink.append(entries)
            pendingCustomers -= job.inputs.count
        }
        working = false
    }

    /// Scores a job away from the actor so submissions never wait behind TreeSHAP, a slice at a time
    /// with a yield between slices, so a large shadow job never holds a thread the served path wants.
    @concurrent
    private static func score(_ job: Job) async -> [PredictionLogEntry] {
        let schema = job.shadow.bundle.manifest.featureSchema
        var entries: [PredictionLogEntry] = []
        entries.reserveCapacity(job.inputs.count)
        let ids = TimeOrderedPredictionIDs.make(count: job.inputs.count, at: job.timestamp)
        for (offset, input) in job.inputs.enumerated() {
            if offset > 0, offset.isMultiple(of: sliceSize) { await Task.yield() }
            let values = input.values(for: schema)
            let prediction = job.shadow.predict(customerID: input.customerID, values: values)
            entries.append(PredictionLogEntry(
                prediction, predictionID: ids[offset].uuidString.lowercased(), timestamp: job.timestamp,
                featuresJSON: schema.jsonObject(values: values), traceID: job.traceID, servedBy: .shadow))
        }
        return entries
    }

    /// Customers scored between yields (a few milliseconds of TreeSHAP).
    static let sliceSize = 32
}
