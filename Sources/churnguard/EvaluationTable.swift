import ChurnModel
import Foundation

/// Renders a ``ModelEvaluation`` as the plain-text table `train` and `evaluate` print.
enum EvaluationTable {
    static func render(_ evaluation: ModelEvaluation, importance: [FeatureImportance] = []) -> String {
        var lines: [String] = []
        let share = evaluation.rows > 0 ? Double(evaluation.positives) / Double(evaluation.rows) : 0
        lines.append("Evaluated on \(evaluation.dataset): \(evaluation.rows) rows, \(evaluation.positives) churned (\(percent(share)))")
        if let folds = evaluation.foldAUCs {
            lines.append("Per-fold ROC-AUC: " + folds.map { fixed($0) }.joined(separator: ", "))
        }
        lines.append("")
        var columns: [(String, BinaryClassificationReport)] = [("model (calibrated)", evaluation.calibrated), ("model (raw)", evaluation.raw)]
        columns += evaluation.baselines.map { ($0.name.replacingOccurrences(of: "_", with: " "), $0.report) }
        let top = evaluation.calibrated.topFraction
        let threshold = evaluation.calibrated.atHighThreshold.threshold
        let metrics: [(String, (BinaryClassificationReport) -> String)] = [
            ("ROC-AUC", { fixed($0.rocAUC) }),
            ("PR-AUC", { fixed($0.prAUC) }),
            ("Brier score", { fixed($0.brierScore) }),
            ("log loss", { fixed($0.logLoss) }),
            ("precision@\(Int((top * 100).rounded()))%", { fixed($0.precisionAtTop) }),
            ("precision @ \(fixed(threshold, 2))", { fixed($0.atHighThreshold.precision) }),
            ("recall @ \(fixed(threshold, 2))", { fixed($0.atHighThreshold.recall) }),
            ("F1 @ \(fixed(threshold, 2))", { fixed($0.atHighThreshold.f1) }),
            ("flagged @ \(fixed(threshold, 2))", { String($0.atHighThreshold.flagged) }),
            ("calibration error (ECE)", { fixed($0.expectedCalibrationError) }),
        ]
        lines.append(row(["metric"] + columns.map(\.0)))
        for (name, value) in metrics { lines.append(row([name] + columns.map { value($0.1) })) }
        for baseline in evaluation.baselines { lines.append("  \(baseline.name): \(baseline.description)") }

        lines.append("")
        lines.append("Reliability (calibrated): predicted vs observed churn per probability bin")
        lines.append(row(["bin", "customers", "predicted", "observed"], width: 12))
        for bin in evaluation.calibrated.reliability where bin.count > 0 {
            lines.append(row([
                "\(fixed(bin.lower, 1))–\(fixed(bin.upper, 1))", String(bin.count), fixed(bin.meanPredicted), fixed(bin.observedRate),
            ], width: 12))
        }
        if !importance.isEmpty {
            lines.append("")
            lines.append("Feature importance (share of total split gain; for a logistic regression, of its standardized weights)")
            for item in importance.prefix(12) where item.share > 0 {
                lines.append("  \(item.feature.padding(toLength: 34, withPad: " ", startingAt: 0)) \(percent(item.share))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ cells: [String], width: Int = 20) -> String {
        let first = cells[0].padding(toLength: 26, withPad: " ", startingAt: 0)
        return first + cells.dropFirst().map { $0.count >= width ? $0 + " " : String(repeating: " ", count: width - $0.count) + $0 }.joined()
    }

    static func fixed(_ value: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", value) }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
