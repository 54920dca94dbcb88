/// Trains a binary churn model through libxgboost with early stopping on a validation set.
///
/// Each round boosts on the training matrix and evaluates `eval_metric` on train and validation
/// (through XGBoost's own evaluator). Training stops after `early_stopping_rounds` rounds without
/// a validation improvement, and the saved model is sliced to the best round, so a scorer reading
/// the JSON sees exactly the model that was validated.
public enum XGBoostTrainer {
    /// Names under which the two matrices are evaluated; they prefix libxgboost's metric text.
    static let trainName = "train"
    static let validationName = "valid"

    public static func train(
        train: LabelledMatrix,
        validation: LabelledMatrix,
        parameters: TrainingParameters = TrainingParameters(),
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingResult {
        guard train.featureNames == validation.featureNames else {
            throw TrainingError.featureMismatch(train: train.featureNames, validation: validation.featureNames)
        }
        try train.validateBinaryLabels(dataset: "training")
        try validation.validateBinaryLabels(dataset: "validation")

        let trainMatrix = try train.makeXGBoostMatrix(threads: parameters.threads)
        let validationMatrix = try validation.makeXGBoostMatrix(threads: parameters.threads)
        let booster = try XGBoostBooster(cache: [trainMatrix, validationMatrix])
        let boosterParameters = parameters.boosterParameters(
            scalePosWeight: parameters.resolvedScalePosWeight(for: train))
        try booster.setParameters(boosterParameters)
        try booster.setFeatureNames(train.featureNames)
        if let types = train.featureTypes { try booster.setFeatureTypes(types) }

        let watched = [(name: trainName, matrix: trainMatrix), (name: validationName, matrix: validationMatrix)]
        var tracker = EarlyStopping(
            patience: parameters.earlyStoppingRounds, maximize: parameters.metricIsMaximized)
        var history: [RoundEvaluation] = []
        for round in 0..<parameters.numBoostRound {
            try booster.updateOneIteration(round, train: trainMatrix)
            let evaluation = try roundEvaluation(booster, round: round, watched: watched, metric: parameters.evalMetric)
            history.append(evaluation)
            let stop = tracker.record(round: round, value: evaluation.validation)
            let isLast = stop || round == parameters.numBoostRound - 1
            if let progress, isLast || round % parameters.progressInterval == 0 {
                progress(TrainingProgress(
                    latest: evaluation, metric: parameters.evalMetric, bestIteration: tracker.bestRound,
                    bestValidation: tracker.bestValue, maximumRounds: parameters.numBoostRound))
            }
            if stop { break }
        }

        // Without early stopping every round is kept, as XGBoost's own train() does.
        let bestIteration = parameters.earlyStoppingRounds > 0 ? tracker.bestRound : history.count - 1
        let final = bestIteration + 1 < history.count
            ? try booster.sliced(rounds: 0..<(bestIteration + 1)) : booster
        // Set feature info on the final booster too, so the saved model carries it whether or not
        // this libxgboost version copies it when slicing.
        try final.setFeatureNames(train.featureNames)
        if let types = train.featureTypes { try final.setFeatureTypes(types) }
        try final.setAttribute("best_iteration", String(bestIteration))
        try final.setAttribute("best_score", String(history[bestIteration].validation))

        return TrainingResult(
            modelJSON: try final.saveJSON(),
            bestIteration: bestIteration,
            bestValidation: history[bestIteration].validation,
            metric: parameters.evalMetric,
            roundsRun: history.count,
            stoppedEarly: history.count < parameters.numBoostRound,
            history: history,
            boosterParameters: boosterParameters,
            featureNames: train.featureNames)
    }

    private static func roundEvaluation(
        _ booster: XGBoostBooster, round: Int,
        watched: [(name: String, matrix: XGBoostMatrix)], metric: String
    ) throws -> RoundEvaluation {
        let line = try booster.evaluationLine(iteration: round, on: watched)
        let results = XGBoostEvaluation.parse(line, datasets: watched.map(\.name))
        func value(_ dataset: String) throws -> Double {
            guard let result = results.first(where: { $0.dataset == dataset && $0.metric == metric }) else {
                throw TrainingError.missingMetric(metric: "\(dataset)-\(metric)", evaluation: line)
            }
            return result.value
        }
        return RoundEvaluation(round: round, train: try value(trainName), validation: try value(validationName))
    }
}
