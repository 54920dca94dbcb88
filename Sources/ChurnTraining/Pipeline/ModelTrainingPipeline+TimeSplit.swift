import ChurnData
import ChurnModel
import Foundation

extension ModelTrainingPipeline {
    /// Snapshot data: train on the older snapshots, choose (and early-stop) on the validation
    /// snapshots, calibrate there, and test on the newest, which neither the search nor the
    /// calibrator ever saw.
    static func runTimeSplit(table: EncodedFeatureTable, options: ModelTrainingOptions, log: @escaping (String) -> Void) throws -> Outcome {
        guard !table.asOfDays.contains(where: { $0 == nil }) else {
            throw ModelTrainingError.mixedSnapshotData(path: table.path)
        }
        let split = TimeSplit(validationSnapshots: options.validationSnapshots, testSnapshots: options.testSnapshots, embargoDays: options.embargoDays)
        let assignment = try split.split(snapshotDays: table.asOfDays.map { $0! }, isLabelled: table.labels.map { $0 != nil })
        func dates(_ days: [Int]) -> [String] { days.map { CalendarDay(daysSinceEpoch: $0).description } }
        log("time split: train \(assignment.train.count) rows (\(dates(assignment.trainDays).first ?? "?") … \(dates(assignment.trainDays).last ?? "?")), validation \(assignment.validation.count) (\(dates(assignment.validationDays).joined(separator: ", "))), test \(assignment.test.count) (\(dates(assignment.testDays).joined(separator: ", "))); \(assignment.unlabelled.count) unlabelled rows left out")

        var phases = PhaseClock()
        let trained: TrainedModel
        var selection: ModelSelectionRecord?
        if options.budgetSeconds > 0 {
            let (search, scoring) = timeSplitSearch(table: table, assignment: assignment, options: options)
            log("model search (budget \(Int(options.budgetSeconds)) s, \(scoring)):")
            let outcome = try search.run(table: table, log: log)
            logWinner(outcome, log: log)
            logBudget(spent: outcome.seconds, budget: options.budgetSeconds, outcomes: [outcome], log: log)
            let full = search.splits.count - 1
            if let model = outcome.winnerModels[full] {
                // The last rung trained the winner on all training snapshots, early-stopped on validation.
                trained = model
            } else {
                // A big table whose last rung the budget could not pay for: the winner's final fit on
                // all training snapshots comes after the search, outside the budget, and is timed apart.
                let began = ProcessInfo.processInfo.systemUptime
                trained = try CandidateTrainer.evaluate(
                    outcome.winner, table: table, train: search.splits[full].train, validation: search.splits[full].validation).model
                log("final fit of \(outcome.winner.name) on all \(search.splits[full].train.count) training rows (outside the budget): \(String(format: "%.1f", ProcessInfo.processInfo.systemUptime - began)) s")
            }
            selection = outcome.record(seed: options.seed, budgetSeconds: options.budgetSeconds, scoring: scoring)
        } else {
            let result = try XGBoostTrainer.train(
                train: try table.labelledMatrix(rows: assignment.train), validation: try table.labelledMatrix(rows: assignment.validation),
                parameters: options.parameters, progress: progressLogger(log))
            log("best round \(result.bestIteration + 1) of \(result.roundsRun), validation \(result.metric) \(format(result.bestValidation))")
            trained = .trees(result)
        }

        phases.lap(options.budgetSeconds > 0 ? "search and final fit" : "fit")
        let validationRaw = try trained.probabilities(table, rows: assignment.validation)
        let validationLabels = labels(table, assignment.validation)
        let calibration = try CalibrationChoice.choose(
            scores: validationRaw, labels: validationLabels,
            folds: CalibrationChoice.crossFitFolds(labels: validationLabels, seed: options.seed))
        let calibrator = calibration.calibrator
        phases.lap("calibration")
        let testRaw = try trained.probabilities(table, rows: assignment.test)
        let testLabels = labels(table, assignment.test)
        let baselines = try baselineResults(table: table, trainRows: assignment.train, evaluationRows: assignment.test, log: log)
        let evaluation = try ModelEvaluation(
            dataset: "test snapshots \(dates(assignment.testDays).joined(separator: ", "))",
            rows: testLabels.count, positives: testLabels.filter { $0 }.count,
            raw: report(testRaw, testLabels), calibrated: report(testRaw.map(calibrator.calibrate), testLabels),
            baselines: baselines)

        let (rounds, best, parameters) = trainedDetails(trained)
        let summary = TrainingSummary(
            method: "time-split", dataFingerprint: table.fingerprint, sourcePath: table.path,
            windowStart: dates(assignment.trainDays).first, windowEnd: dates(assignment.trainDays).last,
            validationDates: dates(assignment.validationDays), testDates: dates(assignment.testDays),
            rows: ["train": assignment.train.count, "validation": assignment.validation.count, "test": testLabels.count],
            positives: [
                "train": labels(table, assignment.train).filter { $0 }.count, "validation": validationLabels.filter { $0 }.count,
                "test": testLabels.filter { $0 }.count,
            ],
            parameters: parameters, bestIteration: best, roundsRun: rounds, xgboostVersion: linkedXGBoostVersion())
        let bundle = try makeBundle(
            table: table, trained: trained, calibration: calibration, calibrationLabels: validationLabels,
            calibrationReports: (evaluation.raw, evaluation.calibrated),
            summary: summary, evaluation: evaluation, selection: selection,
            referenceRows: assignment.train, calibratedScores: testRaw.map(calibrator.calibrate), options: options, log: log)
        phases.lap("baselines, evaluation and bundle")
        log(phases.summary)
        return Outcome(bundle: bundle, evaluation: evaluation)
    }

    /// The search for snapshot data: one split (train → validation), whose leader's fit is the
    /// shipped model, all within the budget. With many training rows a first rung on a seeded sample
    /// of them — a quarter, at most ``firstRungRows`` — so that candidates cost a fraction of a full
    /// fit; there the budget bounds the search, and the winner's fit on all training rows is a
    /// last-rung launch like any other (run if it fits) or, if it does not, the final fit after the
    /// search, outside the budget (one full fit on 557,000 rows can cost more than the default 60 s).
    private static func timeSplitSearch(table: EncodedFeatureTable, assignment: TimeSplit.Assignment, options: ModelTrainingOptions) -> (ModelSearch, String) {
        var space = SearchSpace(base: options.parameters, seed: options.seed)
        space.randomTrials = options.randomTrials
        let full = ModelSearch.Split(train: assignment.train, validation: assignment.validation)
        var splits = [full]
        var rungs = [[0]]
        if assignment.train.count >= 20_000 {
            let sample = firstRungSample(assignment.train, seed: options.seed)
            splits = [ModelSearch.Split(train: sample, validation: assignment.validation), full]
            rungs = [[0], [1]]
        }
        let scoring = splits.count > 1
            ? "validation-snapshot ROC-AUC, first rung trained on a sample of \(splits[0].train.count) of the \(full.train.count) training rows"
            : "validation-snapshot ROC-AUC"
        var search = ModelSearch(
            candidates: space.candidates(), splits: splits, rungs: rungs, budgetSeconds: options.budgetSeconds, baseCount: SearchSpace.baseCount,
            scoring: scoring)
        // Unsampled, the leader's fit on all training snapshots is the shipped model and its rung the only one.
        search.lastRungShipsTheModel = splits.count == 1
        return (search, scoring)
    }

    /// Rows the first rung trains on at most: enough to rank configurations (thousands of churners
    /// at a few per cent), few enough that the six base candidates cost seconds, not minutes.
    static let firstRungRows = 100_000

    /// A seeded sample of `rows`: a quarter of them, or ``firstRungRows`` if that is fewer.
    static func firstRungSample(_ rows: [Int], seed: UInt64) -> [Int] {
        let share = min(0.25, Double(firstRungRows) / Double(max(1, rows.count)))
        var generator = SplitMix64(seed: seed)
        return rows.filter { _ in generator.nextUnit() < share }
    }
}
