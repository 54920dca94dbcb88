import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET/POST /console/models/{version}/canary` and `/shadow` (admin only), as `churnguard models
/// canary V --share S` and `models shadow V` do: behind a confirmation page (the canary's share
/// asked there), the registry's move recorded with the signed-in subject and the reason, then the
/// serving set re-read from the registry so this server serves the new roles at once (others
/// follow at their next registry poll).
struct ModelRoleActions: Sendable {
    let models: ServingModels
    let store: ChurnStore
    let metrics: ServerMetrics

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("models/:version/canary") { _, context in
            guard let record = try await store.modelRegistry.version(try context.parameters.require("version")) else { return Self.unknown(context) }
            let share = record.stage == .canary ? ConsoleFormat.decimal(record.canaryShare * 100, digits: 1) : "10"
            return ModelActions.confirmation(Self.canaryConfirm(record, context: context, share: share), context: context)
        }
        group.post("models/:version/canary") { _, context in
            guard let record = try await store.modelRegistry.version(try context.parameters.require("version")) else { return Self.unknown(context) }
            let text = (context.consoleForm?["share"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let percent = Double(text), percent.isFinite, percent > 0, percent < 100 else {
                var model = Self.canaryConfirm(record, context: context, share: String(text.prefix(20)))
                model.error = "share: '\(text.prefix(20))' is not a percentage above 0 and below 100"
                return ModelActions.confirmation(model, context: context, status: .unprocessableContent)
            }
            return try await move(record, to: .canary, share: percent / 100, context: context)
        }
        group.get("models/:version/shadow") { _, context in
            guard let record = try await store.modelRegistry.version(try context.parameters.require("version")) else { return Self.unknown(context) }
            let model = ModelActions.Confirm(
                heading: "Make \(record.version) the shadow",
                message: "\(record.version) (now \(record.stage.rawValue)) scores every customer in the background; its predictions are logged as shadow, never returned. The current shadow, if any, is archived. This is recorded in the audit log.",
                action: ModelsPage.href(record.version) + "/shadow", button: "Make it the shadow", cancelHref: ModelsPage.href(record.version),
                csrf: context.consoleSession?.csrfToken ?? "")
            return ModelActions.confirmation(model, context: context)
        }
        group.post("models/:version/shadow") { _, context in
            guard let record = try await store.modelRegistry.version(try context.parameters.require("version")) else { return Self.unknown(context) }
            return try await move(record, to: .shadow, share: nil, context: context)
        }
    }

    /// Moves the version after checking its bundle loads (a role that cannot be served is never
    /// given), then swaps in the registry's serving set.
    private func move(_ record: ModelVersionRecord, to stage: ModelStage, share: Double?, context: ChurnRequestContext) async throws -> Response {
        guard (try? ModelBundle.load(from: record.bundlePath)) != nil else {
            return ConsoleErrorPage.response(.conflict, heading: "Cannot change the role", message: "Model \(record.version) cannot be loaded from its bundle.", context: context)
        }
        do {
            _ = try await store.modelRegistry.setStage(record.version, to: stage, actor: context.subject ?? "console", reason: ModelActions.reason(context), canaryShare: share)
        } catch let error as StoreError {
            return ConsoleErrorPage.response(.conflict, heading: "Cannot change the role", message: error.description, context: context)
        }
        let set = try await ServingSetLoader.load(from: store.modelRegistry, logger: context.logger)
        let previous = models.replace(with: set)
        metrics.setModelVersion(set.production.bundle.version, previous: previous)
        return ConsoleResponse.redirect(to: ModelsPage.href(record.version))
    }

    static func canaryConfirm(_ record: ModelVersionRecord, context: ChurnRequestContext, share: String) -> ModelActions.Confirm {
        ModelActions.Confirm(
            heading: "Make \(record.version) the canary",
            message: "\(record.version) (now \(record.stage.rawValue)) answers for this share of customers, chosen by a stable hash of their id; production answers for the rest. The current canary, if any, is archived. This is recorded in the audit log.",
            action: ModelsPage.href(record.version) + "/canary", button: "Make it the canary", cancelHref: ModelsPage.href(record.version),
            csrf: context.consoleSession?.csrfToken ?? "", asksShare: true, share: share)
    }

    static func unknown(_ context: ChurnRequestContext) -> Response {
        let version = (try? context.parameters.require("version")) ?? ""
        return ConsoleErrorPage.response(.notFound, heading: "Unknown model", message: "No model version '\(version.prefix(64))' is registered.", context: context)
    }
}
