import ChurnData
import ChurnModel
import Foundation

/// Scores a bundle on labelled rows of a feature table and reports raw and calibrated metrics next
/// to the rule baseline on the same rows (`churnguard evaluate`).
public enum BundleEvaluator {
    /// Which rows of the table to evaluate on.
    public enum RowSelection: Sendable {
        /// Every labelled row.
        case all
        /// Labelled rows whose snapshot is on or after the day (days since 1970-01-01).
        case from(day: Int)
        /// Labelled rows after the bundle's training window (its training and validation dates),
        /// so rows the model learned from or was tuned on are not counted; all rows for flat data.
        case unseen
    }

    public static func evaluate(bundle: ModelBundle, table: EncodedFeatureTable, selection: RowSelection = .unseen) throws -> ModelEvaluation {
        let (rows, description) = try select(bundle: bundle, table: table, selection: selection)
        let labels = rows.map { table.labels[$0] == true }
        let raw = try bundle.model.probabilities(matrix: table.rows(rows), rowCount: rows.count).map(Double.init)
        let calibrated = raw.map { bundle.manifest.calibrator?.calibrate($0) ?? $0 }
        let high = bundle.manifest.tierThresholds.high
        var baselines: [BaselineResult] = []
        if let rule = RuleBaseline(schema: table.schema) {
            baselines.append(BaselineResult(
                name: "rule", description: RuleBaseline.description,
                report: try BinaryClassificationReport(
                    scores: rule.scores(numericColumns: table.numericColumns, rows: rows), labels: labels, highThreshold: high)))
        }
        return ModelEvaluation(
            dataset: description, rows: rows.count, positives: labels.filter { $0 }.count,
            raw: try BinaryClassificationReport(scores: raw, labels: labels, highThreshold: high),
            calibrated: try BinaryClassificationReport(scores: calibrated, labels: labels, highThreshold: high),
            baselines: baselines)
    }

    private static func select(bundle: ModelBundle, table: EncodedFeatureTable, selection: RowSelection) throws -> ([Int], String) {
        let labelled = table.labels.indices.filter { table.labels[$0] != nil }
        let rows: [Int]
        let description: String
        switch selection {
        case .all:
            rows = labelled
            description = "all \(labelled.count) labelled rows of \(table.path)"
        case .from(let day):
            rows = labelled.filter { (table.asOfDays[$0] ?? Int.min) >= day }
            description = "labelled rows of \(table.path) from \(CalendarDay(daysSinceEpoch: day))"
        case .unseen:
            let seen = (bundle.manifest.training?.validationDates ?? []) + [bundle.manifest.training?.windowEnd].compactMap { $0 }
            if let last = seen.compactMap(CalendarDay.init).map(\.daysSinceEpoch).max(), table.isSnapshotData {
                rows = labelled.filter { (table.asOfDays[$0] ?? Int.min) > last }
                description = "labelled rows of \(table.path) after the training window (after \(CalendarDay(daysSinceEpoch: last)))"
            } else {
                rows = labelled
                description = "all \(labelled.count) labelled rows of \(table.path)"
            }
        }
        guard !rows.isEmpty else { throw BundleEvaluationError.noRows(description) }
        return (rows, description)
    }
}

public enum BundleEvaluationError: Error, CustomStringConvertible {
    case noRows(String)

    public var description: String {
        switch self {
        case .noRows(let what):
            return "nothing to evaluate: there are no \(what); pass --all-rows or --from DATE to choose rows, or build features for later dates"
        }
    }
}
