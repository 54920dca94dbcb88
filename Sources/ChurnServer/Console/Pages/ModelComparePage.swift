import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /console/models/compare?a=V1&b=V2` (readers): two versions side by side — each evaluation
/// figure of the registry with the difference, both ROC and both precision–recall curves on one
/// chart each, and their reliability diagrams next to each other. Without `a` and `b` it compares
/// production (or the newest version) with the newest other version.
struct ModelComparePage: Sendable {
    let models: ServingModels
    let store: ChurnStore
    let insights: BundleInsightsCache

    struct Option {
        let value: String
        let selected: Bool
    }

    struct Row {
        let name: String
        let first: String
        let second: String
        let difference: String
    }

    struct Side {
        let version: String
        let href: String
        let stage: String
        let reliabilityChart: String
    }

    struct Model {
        let first: Side
        let second: Side
        let firstOptions: [Option]
        let secondOptions: [Option]
        let rows: [Row]
        let rocChart: String
        let precisionRecallChart: String
        let missingCurves: [String]
        let hasReliability: Bool
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("models/compare") { request, context in
            let versions = try await store.modelRegistry.list().sorted { $0.createdAt > $1.createdAt }
            guard versions.count >= 2 else {
                return ConsoleErrorPage.response(.notFound, heading: "Nothing to compare", message: "Two registered versions are needed to compare; the registry holds \(versions.count).", context: context)
            }
            let production = versions.first { $0.stage == .production } ?? versions[0]
            let firstName = request.uri.queryParameters["a"].map(String.init) ?? production.version
            let secondName = request.uri.queryParameters["b"].map(String.init) ?? versions.first { $0.version != firstName }?.version ?? ""
            guard let first = versions.first(where: { $0.version == firstName }), let second = versions.first(where: { $0.version == secondName }) else {
                let unknown = versions.contains { $0.version == firstName } ? secondName : firstName
                return ConsoleErrorPage.response(.notFound, heading: "Unknown model", message: "No model version '\(unknown.prefix(64))' is registered.", context: context)
            }
            let curves = ModelCurveCharts([first, second])
            let serving = models.snapshot.servingSet
            let sides = [first, second].map { record in
                let bins = insights.insight(for: record, serving: serving).reliability
                return Side(version: record.version, href: ModelsPage.href(record.version), stage: record.stage.rawValue,
                            reliabilityChart: bins.isEmpty ? "" : SVGChart.reliability("Reliability of \(record.version)", bins: bins))
            }
            let model = Model(
                first: sides[0], second: sides[1],
                firstOptions: versions.map { Option(value: $0.version, selected: $0.version == first.version) },
                secondOptions: versions.map { Option(value: $0.version, selected: $0.version == second.version) },
                rows: Self.rows(first.metricsJSON, second.metricsJSON),
                rocChart: curves.roc, precisionRecallChart: curves.precisionRecall, missingCurves: curves.missing,
                hasReliability: sides.contains { !$0.reliabilityChart.isEmpty })
            return ConsoleResponse.html(ConsoleRenderer.page(
                "modelCompare", title: "Compare \(first.version) and \(second.version)", model: model, context: context, current: "/console/models"))
        }
    }

    /// Every number either version's metrics hold, by name, with `second − first` where both have it.
    static func rows(_ firstJSON: String, _ secondJSON: String) -> [Row] {
        let first = ModelFigures.numbers(firstJSON), second = ModelFigures.numbers(secondJSON)
        return Set(first.keys).union(second.keys).sorted().map { name in
            let difference = first[name].flatMap { a in second[name].map { b in String(format: "%+.4f", b - a) } } ?? "—"
            return Row(name: name, first: first[name].map { ConsoleFormat.decimal($0, digits: 4) } ?? "—",
                       second: second[name].map { ConsoleFormat.decimal($0, digits: 4) } ?? "—", difference: difference)
        }
    }
}
