import ChurnData
import ChurnModel
import ChurnStore
import Foundation
import Logging

/// Scores customers online with one snapshot of the serving set: canary customers (a stable hash
/// of the id) by the canary, everyone else by production, each logged under the role that served
/// it before the predictions are returned; the shadow, when registered, is scored for the same
/// inputs off the response path.
public struct OnlineScorer: Sendable {
    let sink: (any PredictionLogSink)?
    let metrics: any ScoringMetrics
    let shadowQueue: ShadowScoringQueue?

    public init(sink: (any PredictionLogSink)?, metrics: any ScoringMetrics, shadowQueue: ShadowScoringQueue?) {
        self.sink = sink
        self.metrics = metrics
        self.shadowQueue = shadowQueue
    }

    /// The served predictions in input order. `latencySince` is when the request's work began (the
    /// inference-latency histogram covers validation, feature lookup, scoring and reasons); nil for
    /// background batch jobs, so the histogram stays a per-request figure.
    public func score(
        _ inputs: [ScoringInput], set snapshot: ServingSet, traceID: String, latencySince started: ContinuousClock.Instant?,
        logger: Logger
    ) async throws -> [ServedPrediction] {
        let now = Date()
        let scoredAt = UTCTimestamp.string(now)
        var served: [ServedPrediction] = []
        var entries: [PredictionLogEntry] = []
        served.reserveCapacity(inputs.count)
        entries.reserveCapacity(inputs.count)
        // Time-ordered, so the log's primary key grows at its end instead of at random pages.
        let ids = TimeOrderedPredictionIDs.make(count: inputs.count, at: now)
        for (index, input) in inputs.enumerated() {
            let (predictor, servedBy) = snapshot.servingModel(for: input.customerID)
            let schema = predictor.bundle.manifest.featureSchema
            let values = input.values(for: schema)
            let prediction = predictor.predict(customerID: input.customerID, values: values)
            let predictionID = ids[index].uuidString.lowercased()
            served.append(ServedPrediction(prediction, predictionID: predictionID, scoredAt: scoredAt))
            entries.append(PredictionLogEntry(
                prediction, predictionID: predictionID, timestamp: now, featuresJSON: schema.jsonObject(values: values),
                traceID: traceID, servedBy: servedBy))
        }
        if let started { metrics.recordInference(ContinuousClock.now - started) }
        if let sink {
            do {
                try await sink.append(entries)
            } catch {
                logger.error("predictions log and spool unavailable", metadata: ["error": .string("\(error)")])
                // Nothing is returned that was not logged: the log is the source of truth.
                throw PredictionsLogUnavailable()
            }
        }
        for prediction in served { metrics.recordPrediction(riskLevel: prediction.churnRiskLevel, probability: prediction.churnProbability) }
        if let shadow = snapshot.shadow, let shadowQueue {
            await shadowQueue.submit(.init(inputs: inputs, shadow: shadow, traceID: traceID, timestamp: now))
        }
        return served
    }
}

/// Neither the predictions log nor its spool took a prediction, so it was not returned: nothing is
/// answered that was not logged. The caller may retry shortly.
public struct PredictionsLogUnavailable: Error, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String { "the predictions log and its spool are unavailable; retry shortly" }
}
