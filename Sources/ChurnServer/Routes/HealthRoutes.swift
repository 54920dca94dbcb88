import Foundation
import Hummingbird

/// Unauthenticated probes and scrapes: `/health` (the process is alive), `/ready` (a model is
/// loaded and the database answers; `degraded` while predictions are spooled to disk),
/// `/metrics` (Prometheus text format) and `/openapi.yaml` (the contract).
struct HealthRoutes: Sendable {
    let models: ServingModels
    let metrics: ServerMetrics
    /// Nil when the database is reachable, else why not.
    let databaseProblem: @Sendable () async -> String?

    func add(to router: Router<ChurnRequestContext>) {
        router.get("health") { _, _ in Self.json(["status": "ok"]) }
        router.get("ready") { _, _ in
            let version = models.snapshot.production.bundle.version
            if let problem = await databaseProblem() {
                return Self.json(["status": "degraded", "model_version": version, "database": problem])
            }
            return Self.json(["status": "ready", "model_version": version, "database": "ok"])
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml(
                    schema: models.snapshot.production.bundle.manifest.featureSchema, modelVersion: models.snapshot.production.bundle.version))))
        }
    }

    static func json(_ object: [String: String], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
