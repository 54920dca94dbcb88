import ChurnData
import ChurnModel
import Foundation

/// Trains a model from a feature table the honest way and packages it as a ``ModelBundle``.
///
/// Snapshot data is split by time: train on older snapshots, stop early and calibrate on newer
/// ones, and evaluate on the newest. Flat data (no snapshot dates) is cross-validated with
/// stratified folds: the calibrator is fitted on out-of-fold predictions, the reported metrics are
/// out-of-fold, and the shipped model is retrained on all rows for the folds' mean best round count.
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

    // MARK: - Snapshot data

    private static func runTimeSplit(table: EncodedFeatureTable, options: ModelTrainingOptions, log: @escaping (String) -> Void) throws -> Outcome {
        guard !table.asOfDays.contains(where: { $0 == nil }) else {
            throw ModelTrainingError.mixedSnapshotData(path: table.path)
        }
        let split = TimeSplit(validationSnapshots: options.validationSnapshots, testSnapshots: options.testSnapshots, embargoDays: options.embargoDays)
        let assignment = try split.split(snapshotDays: table.asOfDays.map { $0! }, isLabelled: table.labels.map { $0 != nil })
        func dates(_ days: [Int]) -> [String] { days.map { CalendarDay(daysSinceEpoch: $0).description } }
        log("time split: train \(assignment.train.count) rows (\(dates(assignment.trainDays).first ?? "?") … \(dates(assignment.trainDays).last ?? "?")), validation \(assignment.validation.count) (\(dates(assignment.validationDays).joined(separator: ", "))), test \(assignment.test.count) (\(dates(assignment.testDays).joined(separator: ", "))); \(assignment.unlabelled.count) unlabelled rows left out")

        let train = try table.labelledMatrix(rows: assignment.train)
        let validation = try table.labelledMatrix(rows: assignment.validation)
        let result = try XGBoostTrainer.train(train: train, validation: validation, parameters: options.parameters, progress: progressLogger(log))
        log("best round \(result.bestIteration + 1) of \(result.roundsRun), validation \(result.metric) \(format(result.bestValidation))")

        let ensemble = try TreeEnsemble(xgboostJSON: result.modelJSON)
        let validationRaw = try probabilities(ensemble, table, assignment.validation)
        let calibrator = try IsotonicCalibrator.fit(scores: validationRaw, labels: labels(table, assignment.validation))
        let testRaw = try probabilities(ensemble, table, assignment.test)
        let testLabels = labels(table, assignment.test)
        let baselines = try baselineResults(table: table, trainRows: assignment.train, evaluationRows: assignment.test, log: log)
        let evaluation = try ModelEvaluation(
            dataset: "test snapshots \(dates(assignment.testDays).joined(separator: ", "))",
            rows: testLabels.count, positives: testLabels.filter { $0 }.count,
            raw: report(testRaw, testLabels), calibrated: report(testRaw.map(calibrator.calibrate), testLabels),
            baselines: baselines)

        let summary = TrainingSummary(
            method: "time-split", dataFingerprint: table.fingerprint, sourcePath: table.path,
            windowStart: dates(assignment.trainDays).first, windowEnd: dates(assignment.trainDays).last,
            validationDates: dates(assignment.validationDays), testDates: dates(assignment.testDays),
            rows: ["train": train.rowCount, "validation": validation.rowCount, "test": testLabels.count],
            positives: ["train": positives(train), "validation": positives(validation), "test": testLabels.filter { $0 }.count],
            parameters: result.boosterParameters, bestIteration: result.bestIteration, roundsRun: result.roundsRun,
            xgboostVersion: linkedXGBoostVersion())
        let bundle = try makeBundle(
            table: table, modelJSON: result.modelJSON, calibrator: calibrator, summary: summary, evaluation: evaluation,
            referenceRows: assignment.train, calibratedScores: testRaw.map(calibrator.calibrate), options: options)
        return Outcome(bundle: bundle, evaluation: evaluation)
    }

    // MARK: - Flat data

    private static func runCrossValidation(table: EncodedFeatureTable, options: ModelTrainingOptions, log: @escaping (String) -> Void) throws -> Outcome {
        let labelled = table.labels.indices.filter { table.labels[$0] != nil }
        guard labelled.count == table.rowCount else {
            throw ModelTrainingError.unlabelledFlatRows(path: table.path, count: table.rowCount - labelled.count)
        }
        let allLabels = labels(table, labelled)
        let folds = try StratifiedKFold(folds: options.folds, seed: options.seed).split(labels: allLabels)
        var outOfFold = [Double](repeating: 0, count: labelled.count)
        var foldAUCs: [Double] = []
        var bestRounds: [Int] = []
        var parameters = options.parameters
        parameters.progressInterval = Int.max
        for (number, fold) in folds.enumerated() {
            // Early stopping uses a stratified slice of the training folds, never the test fold; without
            // early stopping the whole training fold trains (plain k-fold CV, comparable with other tools).
            var trainRows = fold.train.map { labelled[$0] }
            var stopRows = trainRows
            if options.parameters.earlyStoppingRounds > 0 {
                let inner = try StratifiedKFold(folds: max(2, Int((1 / options.earlyStoppingShare).rounded())), seed: options.seed &+ UInt64(number))
                    .split(labels: fold.train.map { allLabels[$0] })[0]
                trainRows = inner.train.map { labelled[fold.train[$0]] }
                stopRows = inner.test.map { labelled[fold.train[$0]] }
            }
            let result = try XGBoostTrainer.train(
                train: try table.labelledMatrix(rows: trainRows), validation: try table.labelledMatrix(rows: stopRows), parameters: parameters)
            let ensemble = try TreeEnsemble(xgboostJSON: result.modelJSON)
            let testRows = fold.test.map { labelled[$0] }
            let scores = try probabilities(ensemble, table, testRows)
            for (position, index) in fold.test.enumerated() { outOfFold[index] = scores[position] }
            let auc = try report(scores, labels(table, testRows)).rocAUC
            foldAUCs.append(auc)
            bestRounds.append(result.bestIteration + 1)
            log("fold \(number + 1)/\(folds.count): ROC-AUC \(format(auc)), best round \(result.bestIteration + 1)")
        }
        let rounds = max(1, Int((Double(bestRounds.reduce(0, +)) / Double(bestRounds.count)).rounded()))
        log("cross-validated ROC-AUC \(format(foldAUCs.reduce(0, +) / Double(foldAUCs.count))); training the final model on all \(labelled.count) rows for \(rounds) rounds")
        var finalParameters = options.parameters
        finalParameters.numBoostRound = rounds
        finalParameters.earlyStoppingRounds = 0
        let all = try table.labelledMatrix(rows: labelled)
        let result = try XGBoostTrainer.train(train: all, validation: all, parameters: finalParameters, progress: progressLogger(log))

        let calibrator = try IsotonicCalibrator.fit(scores: outOfFold, labels: allLabels)
        // Reported calibrated scores are cross-fitted: each fold is calibrated by a calibrator fitted on the
        // other folds' out-of-fold scores, so calibration is never judged on the rows it was fitted to.
        var calibratedOutOfFold = outOfFold
        for fold in folds {
            let foldCalibrator = try IsotonicCalibrator.fit(
                scores: fold.train.map { outOfFold[$0] }, labels: fold.train.map { allLabels[$0] })
            for index in fold.test { calibratedOutOfFold[index] = foldCalibrator.calibrate(outOfFold[index]) }
        }
        var baselineScores: [BaselineResult] = []
        // The logistic baseline is cross-validated on the same folds.
        var logisticOutOfFold = [Double](repeating: 0, count: labelled.count)
        for fold in folds {
            let model = try fitLogistic(table: table, rows: fold.train.map { labelled[$0] })
            let scores = model.predict(matrix: table.rows(fold.test.map { labelled[$0] }), rowCount: fold.test.count)
            for (position, index) in fold.test.enumerated() { logisticOutOfFold[index] = scores[position] }
        }
        baselineScores.append(BaselineResult(
            name: "logistic_regression", description: "standardized, L2 (C = 1), same folds",
            report: try report(logisticOutOfFold, allLabels)))
        if let rule = RuleBaseline(schema: table.schema) {
            baselineScores.append(BaselineResult(
                name: "rule", description: RuleBaseline.description,
                report: try report(rule.scores(numericColumns: table.numericColumns, rows: labelled), allLabels)))
        }
        let evaluation = try ModelEvaluation(
            dataset: "\(folds.count)-fold out-of-fold predictions", rows: labelled.count, positives: allLabels.filter { $0 }.count,
            raw: report(outOfFold, allLabels), calibrated: report(calibratedOutOfFold, allLabels),
            baselines: baselineScores, foldAUCs: foldAUCs)
        let summary = TrainingSummary(
            method: "stratified-k-fold", dataFingerprint: table.fingerprint, sourcePath: table.path,
            windowStart: nil, windowEnd: nil, validationDates: [], testDates: [],
            rows: ["train": labelled.count], positives: ["train": allLabels.filter { $0 }.count],
            parameters: result.boosterParameters, bestIteration: result.bestIteration, roundsRun: result.roundsRun,
            xgboostVersion: linkedXGBoostVersion())
        let bundle = try makeBundle(
            table: table, modelJSON: result.modelJSON, calibrator: calibrator, summary: summary, evaluation: evaluation,
            referenceRows: labelled, calibratedScores: calibratedOutOfFold, options: options)
        return Outcome(bundle: bundle, evaluation: evaluation)
    }

    // MARK: - Shared steps

    private static func baselineResults(table: EncodedFeatureTable, trainRows: [Int], evaluationRows: [Int], log: (String) -> Void) throws -> [BaselineResult] {
        let evaluationLabels = labels(table, evaluationRows)
        var results: [BaselineResult] = []
        let logistic = try fitLogistic(table: table, rows: trainRows)
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

    private static func fitLogistic(table: EncodedFeatureTable, rows: [Int]) throws -> LogisticRegression {
        try LogisticRegression.fit(matrix: table.rows(rows), columnCount: table.encoder.columnCount, labels: labels(table, rows))
    }

    private static func makeBundle(
        table: EncodedFeatureTable, modelJSON: Data, calibrator: IsotonicCalibrator, summary: TrainingSummary,
        evaluation: ModelEvaluation, referenceRows: [Int], calibratedScores: [Double], options: ModelTrainingOptions
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
        let manifest = BundleManifest(
            version: options.version ?? defaultVersion(), featureSchema: table.schema, calibrator: calibrator,
            tierThresholds: options.tierThresholds, training: summary, evaluation: evaluation,
            featureImportance: try GainImportance.compute(modelJSON: modelJSON, encoder: table.encoder),
            referenceDistributions: references,
            scoreDistribution: .numeric(
                feature: "churn_probability", values: calibratedScores, sampleSeed: sampleSeed(table.schema.features.count)))
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

    private static func probabilities(_ ensemble: TreeEnsemble, _ table: EncodedFeatureTable, _ rows: [Int]) throws -> [Double] {
        try ensemble.probabilities(matrix: table.rows(rows), rowCount: rows.count).map(Double.init)
    }

    private static func labels(_ table: EncodedFeatureTable, _ rows: [Int]) -> [Bool] {
        rows.map { table.labels[$0] == true }
    }

    private static func positives(_ matrix: LabelledMatrix) -> Int {
        matrix.labels.filter { $0 == 1 }.count
    }

    private static func progressLogger(_ log: @escaping (String) -> Void) -> (TrainingProgress) -> Void {
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
