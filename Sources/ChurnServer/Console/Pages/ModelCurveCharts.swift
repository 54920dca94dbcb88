import ChurnModel
import ChurnServices
import ChurnStore

/// The ROC and precision–recall charts of one or two model versions, drawn from the curves the
/// registry stored with each version's metrics at registration (``RegistryMetrics``): the page
/// needs neither the bundle nor the test data. A version registered before curves were stored is
/// named in `missing` instead of drawn. The baselines of one version (from its bundle) are drawn
/// beside it in green and grey, so its curve can be judged against what a rule would do.
struct ModelCurveCharts {
    var roc = ""
    var precisionRecall = ""
    var missing: [String] = []

    /// One colour per version, in order: the first in red, the second in blue.
    static let colors = [SVGChart.palette[0], SVGChart.palette[4]]
    static let baselineColors = [SVGChart.palette[5], "#888888"]

    struct Baseline: Sendable {
        let name: String
        let roc: [CurvePoint]
        let precisionRecall: [CurvePoint]
    }

    init(_ versions: [ModelVersionRecord], baselines: [Baseline] = []) {
        var rocSeries: [(name: String, color: String, points: [CurvePoint])] = []
        var precisionRecallSeries: [(name: String, color: String, points: [CurvePoint])] = []
        for (index, record) in versions.enumerated() {
            let stored = try? RegistryMetrics.decode(record.metricsJSON)
            guard let rocPoints = stored?.rocCurve, !rocPoints.isEmpty, let prPoints = stored?.precisionRecallCurve, !prPoints.isEmpty else {
                missing.append(record.version)
                continue
            }
            let color = Self.colors[index % Self.colors.count]
            let auc = stored?.rocAUC.map { " (AUC " + ConsoleFormat.decimal($0, digits: 3) + ")" } ?? ""
            let ap = stored?.prAUC.map { " (AP " + ConsoleFormat.decimal($0, digits: 3) + ")" } ?? ""
            rocSeries.append((record.version + auc, color, rocPoints))
            precisionRecallSeries.append((record.version + ap, color, prPoints))
        }
        guard !rocSeries.isEmpty else { return }
        for (index, baseline) in baselines.enumerated() {
            let color = Self.baselineColors[index % Self.baselineColors.count]
            rocSeries.append(("baseline: " + baseline.name, color, baseline.roc))
            precisionRecallSeries.append(("baseline: " + baseline.name, color, baseline.precisionRecall))
        }
        roc = SVGChart.curves("ROC curve", xLabel: "false-positive rate", yLabel: "true-positive rate", chance: true, series: rocSeries)
        precisionRecall = SVGChart.curves("Precision-recall curve", xLabel: "recall", yLabel: "precision", chance: false, series: precisionRecallSeries)
    }
}
