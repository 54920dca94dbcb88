import ChurnMonitoring
import Foundation

/// The text form of a monitoring report: the drift table first, then score, tiers and performance.
enum MonitorReportText {
    static func render(_ report: MonitoringReport) -> String {
        var lines = ["monitoring \(report.modelVersion) on \(report.asOf): \(report.rows) predictions, status \(report.status.rawValue.uppercased())"]
        lines.append("")
        let header = ["feature", "method", "value", "threshold", "psi", "missing", "status"]
        var rows = report.drift.features.map(row)
        if let score = report.score { rows.append(row(score)) }
        if let tiers = report.tiers { rows.append(row(tiers.drift)) }
        lines.append(contentsOf: table(header: header, rows: rows))
        lines.append("")
        lines.append("dataset drift: \(report.drift.datasetDrift ? "YES" : "no") (\(report.drift.driftedFeatures) of \(report.drift.features.count) features drifted, \(percent(report.drift.driftShare)); threshold \(percent(report.drift.threshold)))")
        if let score = report.score {
            lines.append("score drift: \(score.drifted ? "YES" : "no") (\(score.method.rawValue) \(number(score.value)))")
        }
        if let tiers = report.tiers {
            let mix = zip(tiers.levels, zip(tiers.referenceShares, tiers.currentShares))
                .map { "\($0) \(percent($1.0)) -> \(percent($1.1))" }.joined(separator: ", ")
            lines.append("tier mix: \(tiers.drift.drifted ? "drifted" : "stable") (\(mix))")
        }
        let expected = report.expected
        lines.append("estimated (CBPE): ROC-AUC \(expected.rocAUC.map(number) ?? "-"), precision@HIGH \(number(expected.precisionAtHigh)), recall@HIGH \(number(expected.recallAtHigh)), expected churners \(String(format: "%.1f", expected.expectedChurners))")
        if let outcomes = report.outcomes {
            let ratio = outcomes.ratio.map { String(format: "%.2f×", $0) } ?? "-"
            lines.append("outcomes so far (\(outcomes.elapsedDays) of \(outcomes.horizonDays) days): \(outcomes.observedChurners) churned, \(String(format: "%.1f", outcomes.expectedChurners)) expected by the scores (\(ratio), z \(String(format: "%.1f", outcomes.zScore))); outcome drift: \(outcomes.drifted ? "YES" : "no")")
        }
        if let realized = report.realized {
            let reference = realized.referenceROCAUC.map { " (test \(number($0)))" } ?? ""
            lines.append("realized: ROC-AUC \(realized.rocAUC.map(number) ?? "-")\(reference), precision@HIGH \(number(realized.precisionAtHigh)), recall@HIGH \(number(realized.recallAtHigh)), churners \(realized.churners); concept drift: \(realized.conceptDrift ? "YES" : "no")")
        }
        for note in report.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }

    private static func row(_ drift: FeatureDrift) -> [String] {
        let missing = "\(percent(drift.currentMissingShare))\(drift.missingIncreased ? " (+)" : "")"
        return [drift.feature, drift.method.rawValue, number(drift.value), (drift.method.isPValue ? "< " : ">= ") + number(drift.threshold),
                drift.psi.map(number) ?? "-", missing, drift.status.rawValue.uppercased()]
    }

    private static func table(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { cells in
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }

    private static func number(_ value: Double) -> String {
        value != 0 && abs(value) < 0.0001 ? String(format: "%.2e", value) : String(format: "%.4f", value)
    }

    private static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
