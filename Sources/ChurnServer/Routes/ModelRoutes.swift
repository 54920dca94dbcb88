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
                return try JSONResponse.make(ModelList(models: [ModelSummary(models.snapshot.production.bundle.manifest, stage: "production")]))
            }
            return try JSONResponse.make(ModelList(models: try await store.modelRegistry.list().map(ModelSummary.init)))
        }
        group.get("models/:version") { _, context in
            let version = try context.parameters.require("version")
            let serving = models.snapshot.production.bundle
            var summary: ModelSummary
            if let store {
                guard let record = try await store.modelRegistry.version(version) else { throw Self.notFound(version) }
                summary = ModelSummary(record)
                summary.history = try await store.modelRegistry.history(version: version).map { change in
                    StageChange(from: change.fromStage?.rawValue, to: change.toStage.rawValue, actor: change.actor,
                                reason: change.reason, at: ModelSummary.iso(change.at))
                }
            } else {
                guard serving.version == version else { throw Self.notFound(version) }
                summary = ModelSummary(serving.manifest, stage: "production")
            }
            if serving.version == version {
                summary.features = serving.manifest.featureSchema.features.map { FeatureDescription(name: $0.name, kind: $0.kind.rawValue) }
            }
            return try JSONResponse.make(summary)
        }
    }

    static func notFound(_ version: String) -> APIError {
        APIError(.notFound, code: "not_found", detail: "no model version '\(version.prefix(64))'", field: "version")
    }
}
