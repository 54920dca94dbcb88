import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird
import Synchronization

/// `GET /console/models[/{version}]` (readers): versions, stages and their history, evaluation
/// metrics, the ROC and precision–recall curves the registry stored (``ModelCurveCharts``), the
/// reliability diagram and feature importance from the bundle; two versions side by side in
/// ``ModelComparePage``. Promote and roll back (admin only, ``ModelActions``; canary and shadow in
/// ``ModelRoleActions``) go through a confirmation page and do what the API's admin routes do:
/// change the registry (stage history and audit log, with the signed-in subject as actor) and swap
/// the serving set.
struct ModelsPage: Sendable {
    let models: ServingModels
    let store: ChurnStore
    /// What the page draws from a version's bundle, read once per version: a bundle is immutable
    /// once registered, and its manifest (reference distributions included) is megabytes of JSON.
    let insights = BundleInsightsCache()

    struct VersionRow {
        let version: String
        let href: String
        let stage: String
        let rocAUC: String
        let createdAt: String
        let reason: String
    }

    struct ListModel {
        let versions: [VersionRow]
        let canRollback: Bool
        let canCompare: Bool
        let firstOptions: [ModelComparePage.Option]
        let secondOptions: [ModelComparePage.Option]
    }

    struct Metric {
        let name: String
        let value: String
    }

    struct Change {
        let at: String
        let from: String
        let to: String
        let actor: String
        let reason: String
    }

    struct DetailModel {
        let version: String
        let stage: String
        let canary: String?
        let createdAt: String
        let canPromote: Bool
        let promoteHref: String
        let canaryHref: String
        let shadowHref: String
        let metrics: [Metric]
        let hasMetrics: Bool
        let rocChart: String
        let precisionRecallChart: String
        let hasCurves: Bool
        let compareHref: String?
        let reliabilityChart: String
        let hasReliability: Bool
        let importanceChart: String
        let hasImportance: Bool
        let history: [Change]
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("models") { _, context in
            let versions = try await store.modelRegistry.list().sorted { $0.createdAt > $1.createdAt }
            let rows = versions.map { record in
                VersionRow(
                    version: record.version, href: Self.href(record.version), stage: record.stage.rawValue,
                    rocAUC: Self.metrics(record.metricsJSON).first { $0.name == "roc_auc" }?.value ?? "—",
                    createdAt: ConsoleFormat.time(record.createdAt), reason: record.reason ?? "")
            }
            // Preselected as the compare page would choose: production (or the newest) against the newest other.
            let first = versions.first { $0.stage == .production } ?? versions.first
            let second = versions.first { $0.version != first?.version }
            let model = ListModel(
                versions: rows, canRollback: context.role == .admin, canCompare: second != nil,
                firstOptions: versions.map { ModelComparePage.Option(value: $0.version, selected: $0.version == first?.version) },
                secondOptions: versions.map { ModelComparePage.Option(value: $0.version, selected: $0.version == second?.version) })
            return ConsoleResponse.html(ConsoleRenderer.page("models", title: "Models", model: model, context: context, current: "/console/models"))
        }
        group.get("models/:version") { _, context in
            let version = try context.parameters.require("version")
            guard let record = try await store.modelRegistry.version(version) else {
                return ConsoleErrorPage.response(.notFound, heading: "Unknown model", message: "No model version '\(version.prefix(64))' is registered.", context: context)
            }
            let insight = insights.insight(for: record, serving: models.snapshot.servingSet)
            let metrics = Self.metrics(record.metricsJSON)
            let bins = insight.reliability
            let reliability = bins.isEmpty ? "" : SVGChart.reliability("Reliability of calibrated scores", bins: bins)
            let importance = insight.importance
            let importanceChart = importance.isEmpty ? "" : SVGChart.bars("Feature importance (share of gain)", importance.enumerated().map { index, item in
                (item.feature, item.share, ConsoleFormat.percent(item.share), SVGChart.palette[index % SVGChart.palette.count])
            })
            let curves = ModelCurveCharts([record], baselines: insight.baselines)
            let production = try await store.modelRegistry.production()
            let compareHref = production.flatMap { live in
                live.version == record.version ? nil : "/console/models/compare" + ConsoleFormat.query([("a", live.version), ("b", record.version)])
            }
            let history = try await store.modelRegistry.history(version: version).reversed().map { change in
                Change(at: ConsoleFormat.time(change.at), from: change.fromStage?.rawValue ?? "—", to: change.toStage.rawValue, actor: change.actor, reason: change.reason ?? "")
            }
            let model = DetailModel(
                version: record.version, stage: record.stage.rawValue, canary: record.stage == .canary ? ConsoleFormat.percent(record.canaryShare) : nil,
                createdAt: ConsoleFormat.time(record.createdAt), canPromote: context.role == .admin && record.stage != .production,
                promoteHref: Self.href(record.version) + "/promote", canaryHref: Self.href(record.version) + "/canary",
                shadowHref: Self.href(record.version) + "/shadow", metrics: metrics, hasMetrics: !metrics.isEmpty,
                rocChart: curves.roc, precisionRecallChart: curves.precisionRecall, hasCurves: !curves.roc.isEmpty, compareHref: compareHref,
                reliabilityChart: reliability, hasReliability: !reliability.isEmpty, importanceChart: importanceChart,
                hasImportance: !importanceChart.isEmpty, history: history)
            return ConsoleResponse.html(ConsoleRenderer.page("model", title: "Model \(record.version)", model: model, context: context, current: "/console/models"))
        }
    }

    static func href(_ version: String) -> String {
        "/console/models/" + ConsoleFormat.component(version)
    }

    /// The registry's metrics object, numbers and strings by name (nested values are left out).
    static func metrics(_ json: String) -> [Metric] {
        ModelFigures.read(json).sorted { $0.key < $1.key }.compactMap { name, value in
            switch value {
            case .number(let number): Metric(name: name, value: ConsoleFormat.decimal(number, digits: 4))
            case .text(let text): Metric(name: name, value: text)
            case .other: nil
            }
        }
    }
}

/// The parts of a bundle's manifest the models page shows, by version.
final class BundleInsightsCache: Sendable {
    struct Insight: Sendable {
        var reliability: [(predicted: Double, observed: Double)] = []
        /// The 15 largest, largest first.
        var importance: [FeatureImportance] = []
        /// The baselines' curves on the same evaluation rows (rule, logistic regression), from
        /// bundles trained since curves were kept.
        var baselines: [ModelCurveCharts.Baseline] = []
    }

    private let cache = Mutex<[String: Insight]>([:])

    /// From the serving set's bundle when the version is live (already in memory), else from its
    /// bundle on disk; a bundle that cannot be read shows nothing.
    func insight(for record: ModelVersionRecord, serving: ServingSet) -> Insight {
        let key = record.version + "\u{1F}" + record.bundlePath
        if let known = cache.withLock({ $0[key] }) { return known }
        let live = [serving.production, serving.canary, serving.shadow].compactMap { $0?.bundle }.first { $0.version == record.version }
        guard let manifest = live?.manifest ?? (try? ModelBundle.load(from: record.bundlePath))?.manifest else { return Insight() }
        let insight = Insight(
            reliability: (manifest.evaluation?.calibrated.reliability ?? []).filter { $0.count > 0 }.map { ($0.meanPredicted, $0.observedRate) },
            importance: Array(manifest.featureImportance.sorted { $0.share > $1.share }.prefix(15)),
            baselines: (manifest.evaluation?.baselines ?? []).compactMap { baseline in
                guard let roc = baseline.report.rocCurve, let precisionRecall = baseline.report.precisionRecallCurve else { return nil }
                return ModelCurveCharts.Baseline(name: baseline.name.replacingOccurrences(of: "_", with: " "), roc: roc, precisionRecall: precisionRecall)
            })
        cache.withLock { $0[key] = insight }
        return insight
    }
}

/// `GET/POST /console/models/{version}/promote` and `/console/models/rollback` (admin only).
struct ModelActions: Sendable {
    let models: ServingModels
    let store: ChurnStore
    let metrics: ServerMetrics

    struct Confirm {
        let heading: String
        let message: String
        let action: String
        let button: String
        let cancelHref: String
        let csrf: String
        /// The canary's confirmation asks for its share, in percent (``ModelRoleActions``).
        var asksShare = false
        var share = ""
        var error: String? = nil
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("models/rollback") { _, context in
            let previous = try await store.modelRegistry.previousProduction()
            let message = previous.map { "Production goes back to \($0.version); the current production version is archived." }
                ?? "There is no earlier production version to go back to."
            return confirm(context, heading: "Roll back production", message: message, action: "/console/models/rollback", button: "Roll back", cancel: "/console/models")
        }
        group.post("models/rollback") { _, context in
            do {
                let restored = try await store.modelRegistry.rollback(actor: context.subject ?? "console", reason: Self.reason(context))
                try await swap(to: restored, context: context)
            } catch let error as StoreError {
                return ConsoleErrorPage.response(.conflict, heading: "Nothing to roll back", message: error.description, context: context)
            }
            return ConsoleResponse.redirect(to: "/console/models")
        }
        group.get("models/:version/promote") { _, context in
            let version = try context.parameters.require("version")
            guard let record = try await store.modelRegistry.version(version) else {
                return ConsoleErrorPage.response(.notFound, heading: "Unknown model", message: "No model version '\(version.prefix(64))' is registered.", context: context)
            }
            return confirm(
                context, heading: "Promote \(record.version)",
                message: "\(record.version) (now \(record.stage.rawValue)) starts serving every customer not in a canary; the current production version is archived. This is recorded in the audit log.",
                action: ModelsPage.href(record.version) + "/promote", button: "Promote to production", cancel: ModelsPage.href(record.version))
        }
        group.post("models/:version/promote") { _, context in
            let version = try context.parameters.require("version")
            guard let record = try await store.modelRegistry.version(version) else {
                return ConsoleErrorPage.response(.notFound, heading: "Unknown model", message: "No model version '\(version.prefix(64))' is registered.", context: context)
            }
            // Load first: a bundle that cannot be served is never promoted.
            guard let bundle = try? ModelBundle.load(from: record.bundlePath) else {
                return ConsoleErrorPage.response(.conflict, heading: "Cannot promote", message: "Model \(record.version) cannot be loaded from its bundle.", context: context)
            }
            do {
                _ = try await store.modelRegistry.setStage(version, to: .production, actor: context.subject ?? "console", reason: Self.reason(context))
            } catch let error as StoreError {
                return ConsoleErrorPage.response(.conflict, heading: "Cannot promote", message: error.description, context: context)
            }
            let previous = models.replace(with: try await ServingSetLoader.load(from: store.modelRegistry, production: bundle, logger: context.logger))
            metrics.setModelVersion(bundle.version, previous: previous)
            return ConsoleResponse.redirect(to: ModelsPage.href(version))
        }
    }

    private func swap(to record: ModelVersionRecord, context: ChurnRequestContext) async throws {
        let bundle = try ModelBundle.load(from: record.bundlePath)
        let previous = models.replace(with: try await ServingSetLoader.load(from: store.modelRegistry, production: bundle, logger: context.logger))
        metrics.setModelVersion(bundle.version, previous: previous)
    }

    private func confirm(_ context: ChurnRequestContext, heading: String, message: String, action: String, button: String, cancel: String) -> Response {
        let model = Confirm(heading: heading, message: message, action: action, button: button, cancelHref: cancel, csrf: context.consoleSession?.csrfToken ?? "")
        return Self.confirmation(model, context: context)
    }

    static func confirmation(_ model: Confirm, context: ChurnRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        ConsoleResponse.html(ConsoleRenderer.page("confirm", title: model.heading, model: model, context: context, current: "/console/models"), status: status)
    }

    static func reason(_ context: ChurnRequestContext) -> String {
        let given = (context.consoleForm?["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return given.isEmpty ? "via the console" : String(given.prefix(500))
    }
}
