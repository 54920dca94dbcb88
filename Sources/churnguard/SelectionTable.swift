import ChurnModel
import Foundation

/// Renders what `train` chose and why: the model search (every trial and its score, the winner
/// and its margin), the calibration method and its effect, and the decision thresholds.
enum SelectionTable {
    static func render(_ manifest: BundleManifest) -> String {
        var lines: [String] = []
        if let selection = manifest.selection {
            let margin = selection.marginOverRunnerUp.map { String(format: "%+.4f ROC-AUC over the best other family", $0) } ?? "no other family reached the last rung"
            lines.append("Model search (seed \(selection.seed), budget \(Int(selection.budgetSeconds)) s, \(String(format: "%.1f", selection.secondsSpent)) s on the final search; scored by \(selection.scoring)):")
            lines.append("  winner: \(selection.winner) [\(selection.family)], \(margin)")
            lines.append("  parameters: " + selection.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            if let winners = selection.outerFoldWinners {
                lines.append("  chosen inside each outer fold: " + winners.joined(separator: ", "))
            }
            lines.append("  trial                 family               ROC-AUC  splits  rounds  seconds")
            let ranked = selection.trials.sorted { ($0.scores.count, $0.score) > ($1.scores.count, $1.score) }
            for trial in ranked {
                lines.append("  " + [
                    trial.name.padding(toLength: 21, withPad: " ", startingAt: 0),
                    trial.family.padding(toLength: 20, withPad: " ", startingAt: 0),
                    String(format: "%.4f", trial.score), String(trial.scores.count).leftPadded(6),
                    (trial.rounds.map(String.init) ?? "-").leftPadded(6), String(format: "%7.1f", trial.seconds),
                ].joined(separator: " "))
            }
        } else {
            lines.append("Model search: off (--budget 0); XGBoost with the given parameters")
        }
        lines.append("Serving: \(manifest.resolvedModelKind == .logisticRegression ? "logistic regression (reasons are its exact per-feature terms)" : "XGBoost trees (reasons by TreeSHAP)")")
        if let calibration = manifest.calibration {
            let losses = calibration.heldOutLogLoss.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
            lines.append(String(
                format: "Calibration: %@ (held-out log loss %@); ROC-AUC %.4f raw, %.4f calibrated; ECE %.4f raw, %.4f calibrated",
                calibration.method, losses, calibration.rawAUC, calibration.calibratedAUC, calibration.rawECE, calibration.calibratedECE))
        }
        if let thresholds = manifest.thresholds {
            let tiers = manifest.tierThresholds
            lines.append(String(
                format: "Thresholds: F1-optimal %.4f (F1 %.4f), cost-optimal %.4f (offer cost %g, value saved %g); tiers HIGH >= %.4f (%@), MEDIUM >= %.4f",
                thresholds.f1Optimal, thresholds.f1, thresholds.costOptimal, thresholds.offerCost, thresholds.valueSaved,
                tiers.high, thresholds.highSource, tiers.medium))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
