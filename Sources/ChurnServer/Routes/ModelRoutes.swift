import ChurnModel
import ChurnStore
import Foundation
import Hummingbird

/// `GET /api/v1/models` and `GET /api/v1/models/{version}`: the registry's versions and stages
/// (or, without a store, the serving model alone).
struct ModelRoutes: Sendable {
    let models: ServingModels
    let store: ChurnStore?

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("models") { _, _ in
            guard let store else {
                return try Self.json(["models": [Self.summary(models.snapshot.production.bundle.manifest, stage: "production")]])
            }
            let records = try await store.modelRegistry.list()
            return try Self.json(["models": records.map(Self.summary)])
        }
        group.get("models/:version") { _, context in
            let version = try context.parameters.require("version")
            let serving = models.snapshot.production.bundle
            var summary: [String: Any]
            if let store {
                guard let record = try await store.modelRegistry.version(version) else { throw Self.notFound(version) }
                summary = Self.summary(record)
                summary["history"] = try await store.modelRegistry.history(version: version).map { change in
                    ["from": change.fromStage?.rawValue ?? NSNull(), "to": change.toStage.rawValue, "actor": change.actor,
                     "reason": change.reason ?? NSNull(), "at": Self.iso(change.at)] as [String: Any]
                }
            } else {
                guard serving.version == version else { throw Self.notFound(version) }
                summary = Self.summary(serving.manifest, stage: "production")
            }
            if serving.version == version {
                summary["features"] = serving.manifest.featureSchema.features.map { ["name": $0.name, "kind": $0.kind.rawValue] }
            }
            return try Self.json(summary)
        }
    }

    static func notFound(_ version: String) -> APIError {
        APIError(.notFound, code: "not_found", detail: "no model version '\(version.prefix(64))'", field: "version")
    }

    static func summary(_ record: ModelVersionRecord) -> [String: Any] {
        var summary: [String: Any] = ["version": record.version, "stage": record.stage.rawValue, "created_at": iso(record.createdAt)]
        if let metrics = (try? JSONSerialization.jsonObject(with: Data(record.metricsJSON.utf8))) as? [String: Any] {
            summary["metrics"] = metrics.filter { $0.value is NSNumber }
        }
        if record.stage == .canary { summary["canary_share"] = record.canaryShare }
        return summary
    }

    static func summary(_ manifest: BundleManifest, stage: String) -> [String: Any] {
        var summary: [String: Any] = ["version": manifest.version, "stage": stage, "created_at": iso(manifest.createdAt)]
        if let evaluation = manifest.evaluation {
            summary["metrics"] = [
                "roc_auc": evaluation.calibrated.rocAUC, "pr_auc": evaluation.calibrated.prAUC,
                "brier_score": evaluation.calibrated.brierScore, "expected_calibration_error": evaluation.calibrated.expectedCalibrationError,
            ]
        }
        return summary
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
