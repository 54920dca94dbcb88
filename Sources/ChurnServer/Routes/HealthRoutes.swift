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
        router.get("health") { _, _ in try JSONResponse.make(HealthStatus(status: "ok")) }
        router.get("ready") { _, _ in
            let version = models.snapshot.production.bundle.version
            if let problem = await databaseProblem() {
                return try JSONResponse.make(HealthStatus(status: "degraded", modelVersion: version, database: problem))
            }
            return try JSONResponse.make(HealthStatus(status: "ready", modelVersion: version, database: "ok"))
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
}
