import ChurnStore
import Foundation

/// Why `retrain --when-due` should train a challenger now, by the policy's triggers: no production
/// model, no model trained for `every_days`, or production's newest monitoring run raising a drift
/// alert or concept drift. Empty when nothing is due.
///
/// `lastTrained` is when the newest version was registered, whatever became of it: a challenger the
/// gate rejected yesterday is not retrained today on the same alert, or on age, so a daily job never
/// turns into a daily retraining loop.
public enum RetrainingTrigger {
    public static func reasons(
        policy: RetrainingPolicy, production: ModelVersionRecord?, lastTrained: Date?, latestRun: MonitoringRunRecord?, now: Date = Date()
    ) -> [String] {
        guard let production else { return ["there is no production model"] }
        let trained = max(lastTrained ?? production.createdAt, production.createdAt)
        var reasons: [String] = []
        let ageDays = Int(now.timeIntervalSince(trained) / 86_400)
        if policy.everyDays > 0, ageDays >= policy.everyDays {
            reasons.append("the newest model was trained \(ageDays) days ago (every_days: \(policy.everyDays))")
        }
        // A run about another version says nothing about the model serving now, and a run older than
        // the last training was already answered.
        if let run = latestRun, run.modelVersion == production.version, run.createdAt > trained {
            if policy.onConceptDrift, run.conceptDrift {
                reasons.append("concept drift in the monitoring run of \(run.asOf): realized ROC-AUC \(run.realizedROCAUC.map { String(format: "%.4f", $0) } ?? "-")")
            }
            // `alert` is dataset, score or concept drift; without the first and the last it was the score.
            if policy.onDriftAlert, run.datasetDrift || (run.status == "alert" && !run.conceptDrift) {
                let what = run.datasetDrift
                    ? String(format: "dataset drift (%.0f%% of features)", run.driftShare * 100)
                    : "score drift"
                reasons.append("\(what) in the monitoring run of \(run.asOf)")
            }
        }
        return reasons
    }
}
