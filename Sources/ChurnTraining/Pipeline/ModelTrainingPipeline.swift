import ChurnData
import ChurnModel
import Foundation

/// Trains a model from a feature table the honest way and packages it as a ``ModelBundle``.
///
/// Snapshot data is split by time: train on older snapshots, choose, stop early and calibrate on
/// newer ones, and evaluate on the newest (`+TimeSplit`). Flat data (no snapshot dates) is
/// cross-validated with stratified folds, the model search nested inside each fold
/// (`+CrossValidation`). With a budget, a ``ModelSearch`` picks among boosted trees, a random
/// forest and logistic regression; without one, the given XGBoost parameters train as they are.
/// Both paths score the same evaluation rows with a logistic-regression and a rule baseline.
public enum ModelTrainingPipeline {
    public struct Outcome: Sendable {
        public var bundle: ModelBundle
        public var evaluation: ModelEvaluation
    }

    public static func run(
        table: EncodedFeatureTable, options: ModelTrainingOptions = ModelTrainingOptions(),
        log: @escaping (String) -> Void = { _ in }
    ) throws -> Outcome {
        if table.isSnapshotData {
            return try runTimeSplit(table: table, options: options, log: log)
        }
        return try runCrossValidation(table: table, options: options, log: log)
    }

    // MARK: - Shared steps

    static func baselineResults(table: EncodedFeatureTable, trainRows: [Int], evaluationRows: [Int], log: (String) -> Void) throws -> [BaselineResult] {
        let evaluationLabels = labels(table, evaluationRows)
        var results: [BaselineResult] = []
        let logistic = try CandidateTrainer.fitLogistic(table: table, rows: trainRows, c: 1)
        let scores = logistic.predict(matrix: table.rows(evaluationRows), rowCount: evaluationRows.count)
        results.append(BaselineResult(name: "logistic_regression", description: "standardized, L2 (C = 1), trained on the same training rows", report: try report(scores, evaluationLabels)))
        if let rule = RuleBaseline(schema: table.schema) {
            results.append(BaselineResult(
                name: "rule", description: RuleBaseline.description,
                report: try report(rule.scores(numericColumns: table.numericColumns, rows: evaluationRows), evaluationLabels)))
        } else {
            log("rule baseline skipped: the table lacks active_days_ratio_30_vs_60, support_ticket_volume_30d or contract_days_remaining")
        }
        return results
    }

    /// Rounds run, best round (0-based) and parameters for the training summary.
    static func trainedDetails(_ trained: TrainedModel) -> (rounds: Int, best: Int, parameters: [String: String]) {
        switch trained {
        case .trees(let result): return (result.roundsRun, result.bestIteration, result.boosterParameters)
        case .linear(_, let c): return (0, 0, ["model": "logistic_regression", "C": String(c), "penalty": "l2", "standardized": "true"])
        }
    }

    /// Tells the user which model won the search, by how much, and what each candidate scored.
    static func logWinner(_ outcome: ModelSearch.Outcome, log: (String) -> Void) {
        let margin = outcome.margin.map { String(format: "%+.4f over the best other family", $0) } ?? "no other family reached the last rung"
        log("search chose \(outcome.winner.name) [\(outcome.winner.family.rawValue)] (\(outcome.winner.summary)): ROC-AUC \(format(outcome.winnerScore)), \(margin); \(outcome.trials.count) trials in \(String(format: "%.1f", outcome.seconds)) s")
        if let passed = outcome.passedOver {
            log("  \(passed.name) scored \(format(passed.score)) (\(String(format: "%+.4f", passed.score - outcome.winnerScore))), but its refits (\(String(format: "%.1f", passed.refitEstimate)) s predicted) no longer fit the budget: \(outcome.winner.name) ships instead")
        }
    }

    /// Tells the user what the search cost against its budget, and what it left out to keep it.
    static func logBudget(spent: Double, budget: Double, outcomes: [ModelSearch.Outcome], log: (String) -> Void) {
        let trials = outcomes.map(\.trials.count).reduce(0, +)
        let untried = outcomes.map(\.untried).reduce(0, +)
        let skipped = outcomes.map(\.skippedPromotions).reduce(0, +)
        var line = String(format: "search budget: spent %.1f s of %.0f s (%d trials", spent, budget, trials)
        if untried + skipped > 0 {
            line += "; left out \(untried) candidates and \(skipped) promotions that could not have finished in time"
        }
        line += ")"
        if spent > budget * 1.1 {
            line += "; over budget: the defaults (and on a snapshot table the leader's fit it ships) run whatever the budget"
        }
        log(line)
    }

    static func makeBundle(
        table: EncodedFeatureTable, trained: TrainedModel, calibration: CalibrationChoice, calibrationLabels: [Bool],
        calibrationReports: (raw: BinaryClassificationReport, calibrated: BinaryClassificationReport),
        summary: TrainingSummary, evaluation: ModelEvaluation, selection: ModelSelectionRecord?,
        referenceRows: [Int], calibratedScores: [Double], options: ModelTrainingOptions, log: (String) -> Void
    ) throws -> ModelBundle {
        var references: [ReferenceDistribution] = []
        // One reservoir stream per feature (and one for the score), all from the training seed, so
        // that retraining on the same data writes the same reference samples.
        func sampleSeed(_ stream: Int) -> UInt64 { SplitMix64.mix(options.seed ^ UInt64(stream + 1)) }
        for (index, feature) in table.schema.features.enumerated() {
            if feature.kind == .categorical {
                references.append(.categorical(feature: feature.name, values: referenceRows.map { table.categoryColumns[index][$0] }))
            } else {
                references.append(.numeric(
                    feature: feature.name, values: referenceRows.map { table.numericColumns[index][$0] }, sampleSeed: sampleSeed(index)))
            }
        }
        let calibrationSummary = CalibrationSummary(
            method: calibration.method, heldOutLogLoss: calibration.heldOutLogLoss,
            rawAUC: calibrationReports.raw.rocAUC, calibratedAUC: calibrationReports.calibrated.rocAUC,
            rawECE: calibrationReports.raw.expectedCalibrationError, calibratedECE: calibrationReports.calibrated.expectedCalibrationError)
        let losses = CalibrationChoice.methods.map {
            "\($0) \(format(calibration.heldOutLogLoss[$0] ?? .nan)) (ROC-AUC \(format(calibration.heldOutAUC[$0] ?? .nan)))"
        }.joined(separator: ", ")
        log("calibration: \(calibration.method) (held-out log loss \(losses)); ROC-AUC \(format(calibrationSummary.rawAUC)) raw → \(format(calibrationSummary.calibratedAUC)) calibrated, ECE \(format(calibrationSummary.rawECE)) → \(format(calibrationSummary.calibratedECE))")
        // Thresholds come from held-out calibrated scores (cross-fitted), never from the test rows.
        let (thresholds, tiers) = ThresholdSelection.choose(
            calibrated: calibration.crossFitted, labels: calibrationLabels, options: options)
        log("thresholds: F1-optimal \(format(thresholds.f1Optimal)) (F1 \(format(thresholds.f1))), cost-optimal \(format(thresholds.costOptimal)) (offer \(thresholds.offerCost), value saved \(thresholds.valueSaved)); tiers HIGH ≥ \(format(tiers.high)) (\(thresholds.highSource)), MEDIUM ≥ \(format(tiers.medium))")
        let modelJSON = try trained.modelJSON(encoder: table.encoder)
        let manifest = BundleManifest(
            version: options.version ?? defaultVersion(), featureSchema: table.schema, calibrator: calibration.calibrator,
            tierThresholds: tiers, training: summary, evaluation: evaluation,
            featureImportance: try trained.featureImportance(encoder: table.encoder),
            referenceDistributions: references,
            scoreDistribution: .numeric(
                feature: "churn_probability", values: calibratedScores, sampleSeed: sampleSeed(table.schema.features.count)),
            modelKind: trained.kind == .xgboost ? nil : trained.kind, selection: selection, calibration: calibrationSummary,
            thresholds: thresholds)
        return try ModelBundle(manifest: manifest, modelJSON: modelJSON)
    }

    /// `v` + UTC time to the second, e.g. v20251122-230512: sortable and unique per training run.
    public static func defaultVersion(now: Date = Date()) -> String {
        let seconds = Int(now.timeIntervalSince1970)
        let day = CalendarDay(daysSinceEpoch: seconds / 86_400)
        let (year, month, dayOfMonth) = day.components
        let rest = seconds % 86_400
        return String(format: "v%04d%02d%02d-%02d%02d%02d", year, month, dayOfMonth, rest / 3600, rest / 60 % 60, rest % 60)
    }

    static func report(_ scores: [Double], _ labels: [Bool]) throws -> BinaryClassificationReport {
        try BinaryClassificationReport(scores: scores, labels: labels, highThreshold: 0.70, topFraction: 0.10, bins: 10)
    }

    static func labels(_ table: EncodedFeatureTable, _ rows: [Int]) -> [Bool] {
        rows.map { table.labels[$0] == true }
    }

    static func progressLogger(_ log: @escaping (String) -> Void) -> (TrainingProgress) -> Void {
        { progress in
            log("round \(progress.latest.round + 1)/\(progress.maximumRounds): train \(progress.metric) \(format(progress.latest.train)), validation \(format(progress.latest.validation)) (best \(format(progress.bestValidation)) at round \(progress.bestIteration + 1))")
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}

public enum ModelTrainingError: Error, CustomStringConvertible {
    case mixedSnapshotData(path: String)
    case unlabelledFlatRows(path: String, count: Int)

    public var description: String {
        switch self {
        case .mixedSnapshotData(let path):
            return "\(path) mixes rows with and without as_of dates; a table is either snapshots (all dated) or flat (none dated)"
        case .unlabelledFlatRows(let path, let count):
            return "\(path) has \(count) rows without a label; flat data for training must be fully labelled"
        }
    }
}
