import ChurnData
import ChurnModel
import Foundation

extension ModelTrainingPipeline {
    /// What a cross-validated training run produced before calibration: out-of-fold raw scores,
    /// per-fold ROC-AUC, and the model fitted on all rows for the bundle.
    struct CrossValidatedModel {
        /// Out-of-fold scores of the whole procedure (search included): the reported figures.
        var outOfFold: [Double]
        /// Out-of-fold scores of the shipped configuration, refitted in each outer fold: what the
        /// calibrator is fitted on, so it maps the shipped model's scale (the folds' own winners
        /// may be other families, whose scores run on other scales).
        var calibrationScores: [Double]
        var foldAUCs: [Double]
        var final: TrainedModel
        var selection: ModelSelectionRecord?
    }

    /// Flat data: stratified k-fold. The calibrator is chosen and fitted on out-of-fold scores, the
    /// reported metrics are out-of-fold (calibrated ones cross-fitted), and the shipped model is
    /// refitted on all rows.
    static func runCrossValidation(table: EncodedFeatureTable, options: ModelTrainingOptions, log: @escaping (String) -> Void) throws -> Outcome {
        let labelled = table.labels.indices.filter { table.labels[$0] != nil }
        guard labelled.count == table.rowCount else {
            throw ModelTrainingError.unlabelledFlatRows(path: table.path, count: table.rowCount - labelled.count)
        }
        let allLabels = labels(table, labelled)
        let folds = try StratifiedKFold(folds: options.folds, seed: options.seed).split(labels: allLabels)
        var phases = PhaseClock()
        let model = options.budgetSeconds > 0
            ? try nestedSearch(table: table, labelled: labelled, folds: folds, options: options, phases: &phases, log: log)
            : try fixedParameters(table: table, labelled: labelled, folds: folds, options: options, log: log)
        if options.budgetSeconds <= 0 { phases.lap("cross-validation and final fit") }

        let calibration = try CalibrationChoice.choose(
            scores: model.calibrationScores, labels: allLabels, folds: CalibrationChoice.crossFitFolds(labels: allLabels, seed: options.seed))
        phases.lap("calibration")
        var baselineScores: [BaselineResult] = []
        // The logistic baseline (C = 1, as before the search existed) is cross-validated on the same folds.
        var logisticOutOfFold = [Double](repeating: 0, count: labelled.count)
        for fold in folds {
            let logistic = try CandidateTrainer.fitLogistic(table: table, rows: fold.train.map { labelled[$0] }, c: 1)
            let scores = logistic.predict(matrix: table.rows(fold.test.map { labelled[$0] }), rowCount: fold.test.count)
            for (position, index) in fold.test.enumerated() { logisticOutOfFold[index] = scores[position] }
        }
        phases.lap("baselines")
        baselineScores.append(BaselineResult(
            name: "logistic_regression", description: "standardized, L2 (C = 1), same folds",
            report: try report(logisticOutOfFold, allLabels)))
        if let rule = RuleBaseline(schema: table.schema) {
            baselineScores.append(BaselineResult(
                name: "rule", description: RuleBaseline.description,
                report: try report(rule.scores(numericColumns: table.numericColumns, rows: labelled), allLabels)))
        }
        let evaluation = try ModelEvaluation(
            dataset: "\(folds.count)-fold out-of-fold predictions\(options.budgetSeconds > 0 ? " (raw: model search nested in each fold; calibrated: the shipped configuration refitted in each fold, calibrator cross-fitted)" : "")",
            rows: labelled.count, positives: allLabels.filter { $0 }.count,
            raw: report(model.outOfFold, allLabels), calibrated: report(calibration.crossFitted, allLabels),
            baselines: baselineScores, foldAUCs: model.foldAUCs)
        let (rounds, best, parameters) = trainedDetails(model.final)
        let summary = TrainingSummary(
            method: "stratified-k-fold", dataFingerprint: table.fingerprint, sourcePath: table.path,
            windowStart: nil, windowEnd: nil, validationDates: [], testDates: [],
            rows: ["train": labelled.count], positives: ["train": allLabels.filter { $0 }.count],
            parameters: parameters, bestIteration: best, roundsRun: rounds, xgboostVersion: linkedXGBoostVersion())
        let bundle = try makeBundle(
            table: table, trained: model.final, calibration: calibration, calibrationLabels: allLabels,
            calibrationReports: (try report(model.calibrationScores, allLabels), evaluation.calibrated),
            summary: summary, evaluation: evaluation, selection: model.selection,
            referenceRows: labelled, calibratedScores: calibration.crossFitted, options: options, log: log)
        phases.lap("evaluation and bundle")
        log(phases.summary)
        return Outcome(bundle: bundle, evaluation: evaluation)
    }

    /// `--budget 0`: the given parameters, early-stopped on a slice of each training fold; the
    /// final model is trained on all rows for the folds' mean best round count.
    private static func fixedParameters(
        table: EncodedFeatureTable, labelled: [Int], folds: [StratifiedKFold.Fold], options: ModelTrainingOptions, log: @escaping (String) -> Void
    ) throws -> CrossValidatedModel {
        let allLabels = labels(table, labelled)
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
            let testRows = fold.test.map { labelled[$0] }
            let scores = try TrainedModel.trees(result).probabilities(table, rows: testRows)
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
        return CrossValidatedModel(outOfFold: outOfFold, calibrationScores: outOfFold, foldAUCs: foldAUCs, final: .trees(result), selection: nil)
    }

    /// The search nested in cross-validation: inside each outer fold a search on that fold's
    /// training rows picks a model, which is refitted on them and scores the held-out fold, so the
    /// out-of-fold figures measure the whole procedure. A last search on all rows picks the
    /// shipped model, which is refitted on all rows and, for its calibrator, in every outer fold
    /// whose own search chose another configuration (where a fold chose the same one, its
    /// out-of-fold scores are already that configuration's).
    ///
    /// The budget pays for all of `train` on a flat table: ``postSearchShare`` of it is kept for
    /// what follows the searches (calibration, baselines, the bundle); each search gets an equal
    /// share of what is left of the rest when it starts, and reserves the predicted cost of its own
    /// refits inside that share, so a search that ran over shortens the ones after it. The searches
    /// share what they timed (``SearchCosts``), so only the first launch of the first search is
    /// unpredicted.
    private static func nestedSearch(
        table: EncodedFeatureTable, labelled: [Int], folds: [StratifiedKFold.Fold], options: ModelTrainingOptions,
        phases: inout PhaseClock, log: @escaping (String) -> Void
    ) throws -> CrossValidatedModel {
        let started = ProcessInfo.processInfo.systemUptime
        func spent() -> Double { ProcessInfo.processInfo.systemUptime - started }
        let searchBudget = options.budgetSeconds * (1 - postSearchShare)
        func share(searchesLeft: Int) -> Double { max(0, searchBudget - spent()) / Double(searchesLeft) }
        var outOfFold = [Double](repeating: 0, count: labelled.count)
        var foldAUCs: [Double] = []
        var foldWinners: [String] = []
        var outcomes: [ModelSearch.Outcome] = []
        var costs = SearchCosts()
        for (number, fold) in folds.enumerated() {
            let rows = fold.train.map { labelled[$0] }
            let budget = share(searchesLeft: folds.count + 1 - number)
            var search = try innerSearch(table: table, rows: rows, budget: budget, seed: options.seed &+ UInt64(number + 1), options: options)
            search.refitRows = rows.count
            search.priorCosts = costs
            let defaults = search.candidates[0]
            // The least a search costs: the defaults on its first rung, then their refit on the fold.
            let minimum = costs.predict(defaults, rows: search.splits[0].train.count) + costs.predict(defaults, rows: rows.count)
            let fitted: TrainedModel
            let chosen: String
            let note: String
            if costs.hasTimed(defaults.family), minimum > budget {
                // The share cannot pay even for that (a busy machine): the defaults, early-stopped on a
                // slice of the fold's training rows as `--budget 0` does, one fit instead of two, against
                // the logistic regressions on the same slice (a fraction of a second each: a tight
                // share must not cost a fold the family that wins on small tables). The choice is
                // still made without the held-out fold, so the estimate stays honest.
                let began = ProcessInfo.processInfo.systemUptime
                let slice = try StratifiedKFold(folds: max(2, Int((1 / options.earlyStoppingShare).rounded())), seed: options.seed &+ UInt64(number))
                    .split(labels: labels(table, rows))[0]
                let sliceTrain = slice.train.map { rows[$0] }, sliceValidation = slice.test.map { rows[$0] }
                var best = (candidate: defaults, evaluation: try CandidateTrainer.evaluate(
                    defaults, table: table, train: sliceTrain, validation: sliceValidation))
                costs.record(defaults, rows: slice.train.count, seconds: ProcessInfo.processInfo.systemUptime - began)
                for candidate in search.candidates where candidate.family == .logisticRegression {
                    let evaluation = try CandidateTrainer.evaluate(candidate, table: table, train: sliceTrain, validation: sliceValidation)
                    if evaluation.auc > best.evaluation.auc { best = (candidate, evaluation) }
                }
                // A linear winner is refitted on the whole fold (cheap); the trees keep their slice fit.
                fitted = best.candidate.family == .logisticRegression
                    ? try CandidateTrainer.fit(best.candidate, rounds: nil, table: table, rows: rows)
                    : best.evaluation.model
                chosen = best.candidate.name
                note = String(format: "no search: its share (%.1f s) cannot pay for the defaults and their refit (%.1f s predicted); on a slice of the fold, %@ (%@) against the logistic regressions", budget, minimum, best.candidate.name, format(best.evaluation.auc))
            } else {
                let outcome = try search.run(table: table)
                costs = outcome.costs
                outcomes.append(outcome)
                let refitStarted = ProcessInfo.processInfo.systemUptime
                fitted = try CandidateTrainer.fit(outcome.winner, rounds: outcome.winnerRounds, table: table, rows: rows)
                costs.record(outcome.winner, rows: rows.count, seconds: ProcessInfo.processInfo.systemUptime - refitStarted)
                chosen = outcome.winner.name
                note = "search chose \(outcome.winner.name) (inner \(format(outcome.winnerScore)), \(outcome.trials.count) trials, \(String(format: "%.1f", outcome.seconds)) s)"
                    + (outcome.passedOver.map { "; \($0.name) scored \(format($0.score)) but its refit would not fit the share" } ?? "")
            }
            let testRows = fold.test.map { labelled[$0] }
            let scores = try fitted.probabilities(table, rows: testRows)
            for (position, index) in fold.test.enumerated() { outOfFold[index] = scores[position] }
            let auc = try report(scores, labels(table, testRows)).rocAUC
            foldAUCs.append(auc)
            foldWinners.append(chosen)
            log("fold \(number + 1)/\(folds.count): ROC-AUC \(format(auc)), \(note)")
        }
        log("cross-validated ROC-AUC \(format(foldAUCs.reduce(0, +) / Double(foldAUCs.count))) (search nested in each fold)")
        phases.lap("outer-fold searches and refits")
        let finalBudget = share(searchesLeft: 1)
        var search = try innerSearch(table: table, rows: labelled, budget: finalBudget, seed: options.seed, options: options)
        // The shipped configuration is refitted on all rows and in every outer fold that chose another.
        search.refitRows = labelled.count + folds.map(\.train.count).reduce(0, +)
        for (fold, winner) in zip(folds, foldWinners) { search.reusableRefitRows[winner, default: 0] += fold.train.count }
        search.priorCosts = costs
        log("model search on all \(labelled.count) rows (budget \(String(format: "%.1f", finalBudget)) s, \(options.innerFolds)-fold inner ROC-AUC):")
        let outcome = try search.run(table: table, log: log)
        outcomes.append(outcome)
        logWinner(outcome, log: log)
        phases.lap("search on all rows")
        let final = try CandidateTrainer.fit(outcome.winner, rounds: outcome.winnerRounds, table: table, rows: labelled)
        // The shipped configuration, cross-validated on the same outer folds, for its calibrator.
        var calibrationScores = outOfFold
        var refitted = 0
        for (fold, winner) in zip(folds, foldWinners) where winner != outcome.winner.name {
            let fitted = try CandidateTrainer.fit(outcome.winner, rounds: outcome.winnerRounds, table: table, rows: fold.train.map { labelled[$0] })
            let scores = try fitted.probabilities(table, rows: fold.test.map { labelled[$0] })
            for (position, index) in fold.test.enumerated() { calibrationScores[index] = scores[position] }
            refitted += 1
        }
        phases.lap("final fit and \(refitted) outer-fold refit\(refitted == 1 ? "" : "s") of \(outcome.winner.name)")
        logBudget(spent: spent(), budget: options.budgetSeconds, outcomes: outcomes, log: log)
        let record = outcome.record(
            seed: options.seed, budgetSeconds: options.budgetSeconds, scoring: search.scoring, outerFoldWinners: foldWinners)
        return CrossValidatedModel(outOfFold: outOfFold, calibrationScores: calibrationScores, foldAUCs: foldAUCs, final: final, selection: record)
    }

    /// The part of a flat table's budget kept for the work after the searches and their refits:
    /// calibration (four calibrators cross-fitted over ten folds), the cross-validated baselines,
    /// the evaluation and the bundle. Measured at 1–3 s on tables of up to 15,000 rows (see
    /// `train`'s `time:` line); a tenth of the default 60 s leaves room for a busy machine.
    static let postSearchShare = 0.1

    /// A search over `rows`: inner stratified folds, rung 1 on the first inner fold, rung 2 on all.
    private static func innerSearch(table: EncodedFeatureTable, rows: [Int], budget: Double, seed: UInt64, options: ModelTrainingOptions) throws -> ModelSearch {
        let inner = try StratifiedKFold(folds: options.innerFolds, seed: seed).split(labels: labels(table, rows))
        let splits = inner.map { ModelSearch.Split(train: $0.train.map { rows[$0] }, validation: $0.test.map { rows[$0] }) }
        var space = SearchSpace(base: options.parameters, seed: seed)
        space.randomTrials = options.randomTrials
        return ModelSearch(
            candidates: space.candidates(), splits: splits, rungs: [[0], Array(splits.indices)], budgetSeconds: budget, baseCount: SearchSpace.baseCount,
            scoring: "\(options.innerFolds)-fold inner ROC-AUC")
    }
}
