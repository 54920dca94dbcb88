import ChurnModel
import Foundation
import Hummingbird

/// `POST /api/v1/predict`: scores one customer or up to 1,000, each with exact TreeSHAP reasons,
/// logs every served prediction, and answers in the prediction contract.
struct PredictRoutes: Sendable {
    let models: ServingModels
    let lookup: (any OnlineFeatureLookup)?
    let sink: (any PredictionLogSink)?
    let metrics: ServerMetrics

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("predict", use: predict)
    }

    @Sendable func predict(request: Request, context: ChurnRequestContext) async throws -> Response {
        try Self.requireJSON(request)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ServerLimits.maxBodyBytes)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", detail: "the request body exceeds \(ServerLimits.maxBodyBytes) bytes")
        }
        let started = ContinuousClock.now
        let snapshot = models.snapshot
        let (items, isBatch) = try snapshot.parser.parser.parse(Data(buffer: body))
        context.annotations.customerIDs = items.map(\.customerID)
        let schema = snapshot.parser.parser.schema

        var rows: [[FeatureValue]] = []
        rows.reserveCapacity(items.count)
        for item in items {
            var values = [FeatureValue](repeating: .missing, count: schema.features.count)
            if let lookup, item.provided.count < schema.features.count,
                let stored = try await lookup.features(customerID: item.customerID)
            {
                for (index, feature) in schema.features.enumerated() { values[index] = stored[feature.name] ?? .missing }
            }
            for (index, value) in item.provided { values[index] = value }
            rows.append(values)
        }
        let predictor = snapshot.production
        let predictions = zip(items, rows).map { predictor.predict(customerID: $0.customerID, values: $1) }
        metrics.recordInference(ContinuousClock.now - started)

        let now = Date()
        let scoredAt = Self.timestamp(now)
        let served = predictions.map { ServedPrediction($0, predictionID: UUID().uuidString.lowercased(), scoredAt: scoredAt) }
        if let sink {
            let entries = zip(served, zip(predictions, rows)).map { served, pair in
                PredictionLogEntry(
                    predictionID: served.predictionID, customerID: served.customerID, timestamp: now,
                    churnProbability: pair.0.churnProbability, rawProbability: pair.0.rawProbability, riskLevel: served.churnRiskLevel,
                    modelVersion: served.modelVersion, topChurnFeature: served.topChurnFeature,
                    inferenceFeaturesJSON: schema.jsonObject(values: pair.1), reasonsJSON: Self.reasonsJSON(pair.0.reasons),
                    traceID: context.traceID, servedBy: "production")
            }
            do {
                try await sink.append(entries)
            } catch {
                // Nothing is returned that was not logged: the log is the source of truth.
                throw APIError(.serviceUnavailable, code: "log_unavailable", detail: "the predictions log and its spool are unavailable; retry shortly")
            }
        }
        for prediction in served { metrics.recordPrediction(riskLevel: prediction.churnRiskLevel, probability: prediction.churnProbability) }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = isBatch ? try encoder.encode(served) : try encoder.encode(served[0])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func requireJSON(_ request: Request) throws {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", detail: "send the body as Content-Type: application/json")
        }
    }

    static func timestamp(_ date: Date) -> String { UTCTimestamp.string(date) }

    static func reasonsJSON(_ reasons: [PredictionReason]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(reasons)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
