import ChurnModel
import Foundation
import Hummingbird

/// `GET /api/v1/models` and `GET /api/v1/models/{version}`: the serving model's manifest summary.
struct ModelRoutes: Sendable {
    let models: ServingModels

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("models") { _, _ in
            let bundle = models.snapshot.production.bundle
            return try Self.json(["models": [Self.summary(bundle.manifest, stage: "production")]])
        }
        group.get("models/:version") { _, context in
            let version = try context.parameters.require("version")
            let bundle = models.snapshot.production.bundle
            guard bundle.version == version else {
                throw APIError(.notFound, code: "not_found", detail: "no model version '\(version.prefix(64))'", field: "version")
            }
            var summary = Self.summary(bundle.manifest, stage: "production")
            summary["features"] = bundle.manifest.featureSchema.features.map { ["name": $0.name, "kind": $0.kind.rawValue] }
            return try Self.json(summary)
        }
    }

    static func summary(_ manifest: BundleManifest, stage: String) -> [String: Any] {
        var summary: [String: Any] = [
            "version": manifest.version, "stage": stage, "created_at": ISO8601DateFormatter().string(from: manifest.createdAt),
            "feature_count": manifest.featureSchema.features.count,
        ]
        if let evaluation = manifest.evaluation {
            summary["metrics"] = [
                "roc_auc": evaluation.calibrated.rocAUC, "pr_auc": evaluation.calibrated.prAUC,
                "brier_score": evaluation.calibrated.brierScore, "expected_calibration_error": evaluation.calibrated.expectedCalibrationError,
            ]
        }
        return summary
    }

    static func json(_ object: [String: Any]) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
