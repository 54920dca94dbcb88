import ChurnMonitoring
import ChurnStore
import Foundation
import Hummingbird

/// `GET /console/monitoring` (readers): the stored monitoring runs (`churnguard monitor`): the
/// latest run's feature drift table and PSI plot and its churn so far against the scores' expectation,
/// and every run's status, drift share, outcome ratio and estimated vs realized ROC-AUC.
struct MonitoringPage: Sendable {
    let store: ChurnStore

    struct FeatureRow {
        let feature: String
        let test: String
        let statistic: String
        let threshold: String
        let drifted: Bool
        let driftedText: String
        let psi: String
    }

    struct Latest {
        let asOf: String
        let model: String
        let status: String
        let drifted: Int
        let features: Int
        let datasetDrift: Bool
        let estimated: String
        let realized: String
        let outcomes: String?
        let featureRows: [FeatureRow]
        let featureChart: String
    }

    struct Run {
        let asOf: String
        let model: String
        let status: String
        let driftShare: String
        let estimated: String
        let realized: String
        let createdAt: String
    }

    struct Model {
        let latest: Latest?
        let runs: [Run]
        let hasRuns: Bool
        let rocChart: String
        let trendChart: String
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("monitoring") { _, context in
            let runs = try await store.monitoringRuns.history(limit: 60)
            // Each stored report is decoded once: the latest's table and every run's trend point.
            let reports = runs.map { try? JSONDecoder().decode(MonitoringReport.self, from: Data($0.reportJSON.utf8)) }
            var latest: Latest? = nil
            if let run = runs.first {
                let report = reports[0]
                let rows = (report?.drift.features ?? []).sorted { ($0.drifted ? 0 : 1, $0.feature) < ($1.drifted ? 0 : 1, $1.feature) }.map { drift in
                    FeatureRow(feature: drift.feature, test: drift.method.rawValue, statistic: ConsoleFormat.decimal(drift.value, digits: 4),
                               threshold: ConsoleFormat.decimal(drift.threshold, digits: 3), drifted: drift.drifted, driftedText: drift.drifted ? "yes" : "no",
                               psi: ConsoleFormat.decimal(drift.psi, digits: 3))
                }
                latest = Latest(
                    asOf: run.asOf, model: run.modelVersion, status: run.status, drifted: run.driftedFeatures, features: run.features, datasetDrift: run.datasetDrift,
                    estimated: ConsoleFormat.decimal(run.estimatedROCAUC), realized: run.realizedROCAUC.map { ConsoleFormat.decimal($0) } ?? "not yet known",
                    outcomes: report?.outcomes.map(Self.describe), featureRows: rows,
                    featureChart: Self.psiChart(report?.drift.features ?? []))
            }
            let chronological = Array(runs.reversed())
            let rocChart = runs.isEmpty ? "" : SVGChart.lines(
                "ROC-AUC ×1000, estimated and realized, by run", xLabels: chronological.map(\.asOf),
                series: [
                    ("estimated", "#2166ac", chronological.map { ($0.estimatedROCAUC ?? 0) * 1000 }),
                    ("realized", "#b2182b", chronological.map { ($0.realizedROCAUC ?? 0) * 1000 }),
                ])
            let trendChart = runs.isEmpty ? "" : SVGChart.lines(
                "Share of features drifted, and churn so far ÷ what the scores expected, ×100, by run", xLabels: chronological.map(\.asOf),
                series: [
                    ("features drifted %", "#762a83", chronological.map { $0.driftShare * 100 }),
                    ("observed ÷ expected", "#e08214", reports.reversed().map { ($0?.outcomes?.ratio ?? 0) * 100 }),
                ])
            let model = Model(
                latest: latest,
                runs: runs.map { run in
                    Run(asOf: run.asOf, model: run.modelVersion, status: run.status, driftShare: ConsoleFormat.percent(run.driftShare),
                        estimated: ConsoleFormat.decimal(run.estimatedROCAUC), realized: ConsoleFormat.decimal(run.realizedROCAUC), createdAt: ConsoleFormat.time(run.createdAt))
                },
                hasRuns: !runs.isEmpty, rocChart: rocChart, trendChart: trendChart)
            return ConsoleResponse.html(ConsoleRenderer.page("monitoring", title: "Monitoring", model: model, context: context, current: "/console/monitoring"))
        }
    }

    /// PSI puts every feature on one scale (bands 0.1 and 0.2), whatever test judged it; the bar is
    /// red when that test called drift.
    static func psiChart(_ features: [FeatureDrift]) -> String {
        let top = features.filter { $0.psi != nil }.sorted { ($0.psi ?? 0, $1.feature) > ($1.psi ?? 0, $0.feature) }.prefix(15)
        guard !top.isEmpty else { return "" }
        return SVGChart.bars("PSI by feature, the 15 highest (red: drifted by its test)", top.map { drift in
            (drift.feature, drift.psi ?? 0, ConsoleFormat.decimal(drift.psi, digits: 3), drift.drifted ? "#b2182b" : "#92c5de")
        })
    }

    static func describe(_ outcomes: OutcomeDrift) -> String {
        let ratio = outcomes.ratio.map { String(format: "%.2f×", $0) } ?? "-"
        return "\(outcomes.observedChurners) customers churned in the \(outcomes.elapsedDays) days after it, "
            + String(format: "%.1f", outcomes.expectedChurners) + " expected by the scores (\(ratio))"
            + (outcomes.drifted ? ": outcome drift" : "")
    }
}
