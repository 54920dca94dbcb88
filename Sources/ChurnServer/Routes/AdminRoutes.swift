import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `POST /admin/models/{version}/promote` and `POST /admin/models/rollback` (admin only): change
/// the registry (recorded with who and why) and swap the whole serving set (production, canary,
/// shadow, as the registry now has them) in one step.
struct AdminRoutes: Sendable {
    let models: ServingModels
    let store: ChurnStore
    let metrics: ServerMetrics

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("models/:version/promote") { request, context in
            let version = try context.parameters.require("version")
            guard let record = try await store.modelRegistry.version(version) else { throw ModelRoutes.notFound(version) }
            // Load first: a bundle that cannot be served is never promoted.
            let bundle = try Self.load(record)
            let reason = try await StageChangeRequest.readIfPresent(request)?.validReason
            let promoted: ModelVersionRecord
            do {
                promoted = try await store.modelRegistry.setStage(version, to: .production, actor: context.subject ?? "admin", reason: reason)
            } catch let error as StoreError {
                throw APIError(.conflict, code: "invalid_transition", detail: error.description, field: "version")
            }
            let previous = models.replace(with: try await ServingSetLoader.load(from: store.modelRegistry, production: bundle, logger: context.logger))
            metrics.setModelVersion(bundle.version, previous: previous)
            return try JSONResponse.make(StageChangeResult(version: promoted.version, stage: promoted.stage.rawValue, previous: previous))
        }
        group.post("models/rollback") { request, context in
            let reason = try await StageChangeRequest.readIfPresent(request)?.validReason
            let restored: ModelVersionRecord
            do {
                restored = try await store.modelRegistry.rollback(actor: context.subject ?? "admin", reason: reason)
            } catch let error as StoreError {
                throw APIError(.conflict, code: "nothing_to_roll_back", detail: error.description)
            }
            let bundle = try Self.load(restored)
            let previous = models.replace(with: try await ServingSetLoader.load(from: store.modelRegistry, production: bundle, logger: context.logger))
            metrics.setModelVersion(bundle.version, previous: previous)
            return try JSONResponse.make(StageChangeResult(version: restored.version, stage: restored.stage.rawValue, previous: previous))
        }
    }

    static func load(_ record: ModelVersionRecord) throws -> ModelBundle {
        do {
            return try ModelBundle.load(from: record.bundlePath)
        } catch {
            throw APIError(.conflict, code: "bundle_unavailable", detail: "model \(record.version) cannot be loaded from its bundle: \(error)", field: "version")
        }
    }
}
