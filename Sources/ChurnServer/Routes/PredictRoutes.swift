import ChurnModel
import ChurnServices
import Foundation
import Hummingbird

/// `POST /api/v1/predict`: scores one customer or up to 1,000, each with exact TreeSHAP reasons,
/// by the model that serves the customer (canary or production), logs every served prediction,
/// and answers in the prediction contract.
struct PredictRoutes: Sendable {
    let models: ServingModels
    let lookup: (any OnlineFeatureLookup)?
    let scorer: OnlineScorer

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("predict", use: predict)
    }

    @Sendable func predict(request: Request, context: ChurnRequestContext) async throws -> Response {
        let body = try await Self.collectJSONBody(request, limit: ServerLimits.maxBodyBytes)
        let started = ContinuousClock.now
        let snapshot = models.snapshot
        let (items, isBatch) = try snapshot.parser.parser.parse(body)
        context.annotations.customerIDs = items.map(\.customerID)
        let inputs = try await Self.inputs(items, snapshot: snapshot, lookup: lookup)
        let served = try await scorer.score(inputs, set: snapshot.servingSet, traceID: context.traceID, latencySince: started, logger: context.logger)
        let answer = ServedPrediction.jsonBody(served, asArray: isBatch)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
    }

    /// The request's items as scoring inputs: stored features (when the store knows the customer and
    /// the request leaves features out) overlaid by the values the request sent.
    static func inputs(_ items: [PredictionRequestItem], snapshot: ServingModels.Snapshot, lookup: (any OnlineFeatureLookup)?) async throws -> [ScoringInput] {
        let schema = snapshot.parser.parser.schema
        let wanted = snapshot.schemas.count == 1 ? schema.features.count : snapshot.schemas.reduce(into: Set<String>()) { $0.formUnion($1.names) }.count
        var inputs: [ScoringInput] = []
        inputs.reserveCapacity(items.count)
        for item in items {
            var features: [String: FeatureValue] = [:]
            if let lookup, item.provided.count < wanted, let stored = try await lookup.features(customerID: item.customerID) {
                features = stored
            }
            for (index, value) in item.provided { features[schema.features[index].name] = value }
            inputs.append(ScoringInput(customerID: item.customerID, features: features))
        }
        return inputs
    }

    /// The body of a JSON request, up to `limit` bytes.
    static func collectJSONBody(_ request: Request, limit: Int) async throws -> Data {
        try requireJSON(request)
        do {
            return Data(buffer: try await request.body.collect(upTo: limit))
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", detail: "the request body exceeds \(limit) bytes")
        }
    }

    static func requireJSON(_ request: Request) throws {
        // `application/json`, with parameters (`; charset=utf-8`) or without; not `application/jsonx`.
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", detail: "send the body as Content-Type: application/json")
        }
    }
}
