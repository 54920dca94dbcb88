import ChurnModel
import Foundation

/// A candidate fitted on rows: XGBoost's result (boosted trees or a forest) or a logistic
/// regression. It scores table rows and becomes a bundle's `model.json`.
public enum TrainedModel: Sendable {
    case trees(TrainingResult)
    case linear(LogisticRegression, c: Double)

    /// Raw probabilities for `rows` of `table`, as the bundle's scorer will compute them.
    public func probabilities(_ table: EncodedFeatureTable, rows: [Int]) throws -> [Double] {
        switch self {
        case .trees(let result):
            return try TreeEnsemble(xgboostJSON: result.modelJSON)
                .probabilities(matrix: table.rows(rows), rowCount: rows.count).map(Double.init)
        case .linear(let model, _):
            return model.predict(matrix: table.rows(rows), rowCount: rows.count)
        }
    }

    public var kind: ScoringModel.Kind {
        switch self {
        case .trees: return .xgboost
        case .linear: return .logisticRegression
        }
    }

    /// The bytes of the bundle's `model.json`.
    public func modelJSON(encoder: FeatureEncoder) throws -> Data {
        switch self {
        case .trees(let result): return result.modelJSON
        case .linear(let model, let c):
            return try LinearModel(
                columnNames: encoder.columnNames, means: model.means, scales: model.scales, weights: model.weights,
                intercept: model.intercept, c: c).jsonData()
        }
    }

    /// Importance per schema feature: split gain for trees; for a linear model the size of each
    /// standardized weight (the margin's change for one standard deviation), one-hot columns summed.
    public func featureImportance(encoder: FeatureEncoder) throws -> [FeatureImportance] {
        switch self {
        case .trees(let result): return try GainImportance.compute(modelJSON: result.modelJSON, encoder: encoder)
        case .linear(let model, _):
            let perFeature = encoder.featureContributions(model.weights.map(abs))
            let total = perFeature.reduce(0, +)
            return zip(encoder.schema.names, perFeature)
                .map { FeatureImportance(feature: $0, totalGain: $1, share: total > 0 ? $1 / total : 0) }
                .sorted { $0.totalGain != $1.totalGain ? $0.totalGain > $1.totalGain : $0.feature < $1.feature }
        }
    }
}

/// Fits and scores ``ModelCandidate``s on rows of an encoded table.
public enum CandidateTrainer {
    /// A candidate's score on one split: ROC-AUC on the validation rows, the rounds early stopping
    /// kept (boosted trees), and the fitted model.
    public struct Evaluation: Sendable {
        public var auc: Double
        public var rounds: Int?
        public var model: TrainedModel
    }

    /// Trains on `train` (early-stopping boosted trees on `validation`) and scores `validation`.
    public static func evaluate(
        _ candidate: ModelCandidate, table: EncodedFeatureTable, train: [Int], validation: [Int]
    ) throws -> Evaluation {
        switch candidate.family {
        case .logisticRegression:
            let model = try fitLogistic(table: table, rows: train, c: candidate.c)
            let scores = model.predict(matrix: table.rows(validation), rowCount: validation.count)
            return Evaluation(
                auc: RankingMetrics.rocAUC(scores: scores, labels: labels(table, validation)), rounds: nil,
                model: .linear(model, c: candidate.c))
        case .xgboost, .randomForest:
            var parameters = candidate.parameters
            // Candidates are compared on ROC-AUC, so every tree candidate early-stops on it too.
            parameters.evalMetric = "auc"
            parameters.progressInterval = Int.max
            parameters.threads = searchThreads(parameters.threads, rows: train.count)
            let result = try XGBoostTrainer.train(
                train: try table.labelledMatrix(rows: train), validation: try table.labelledMatrix(rows: validation),
                parameters: parameters)
            return Evaluation(auc: result.bestValidation, rounds: result.bestIteration + 1, model: .trees(result))
        }
    }

    /// Trains on all of `rows` without a validation set: boosted trees for `rounds` rounds (the
    /// search's early-stopping estimate), a forest for its one round, a logistic regression as is.
    public static func fit(_ candidate: ModelCandidate, rounds: Int?, table: EncodedFeatureTable, rows: [Int]) throws -> TrainedModel {
        switch candidate.family {
        case .logisticRegression:
            return .linear(try fitLogistic(table: table, rows: rows, c: candidate.c), c: candidate.c)
        case .xgboost, .randomForest:
            var parameters = candidate.parameters
            parameters.evalMetric = "auc"
            parameters.progressInterval = Int.max
            parameters.earlyStoppingRounds = 0
            if let rounds { parameters.numBoostRound = max(1, rounds) }
            parameters.threads = searchThreads(parameters.threads, rows: rows.count)
            let matrix = try table.labelledMatrix(rows: rows)
            return .trees(try XGBoostTrainer.train(train: matrix, validation: matrix, parameters: parameters))
        }
    }

    /// One libxgboost thread for small tables unless `nthread` was set: below ~20,000 rows a
    /// round is too short to share, and OpenMP's waiting threads cost more than they save
    /// (measured: a 2,000-row table trained in half the wall time with one thread on 2 busy cores).
    static func searchThreads(_ threads: Int, rows: Int) -> Int {
        threads == 0 && rows < 20_000 ? 1 : threads
    }

    static func fitLogistic(table: EncodedFeatureTable, rows: [Int], c: Double) throws -> LogisticRegression {
        try LogisticRegression.fit(matrix: table.rows(rows), columnCount: table.encoder.columnCount, labels: labels(table, rows), c: c)
    }

    static func labels(_ table: EncodedFeatureTable, _ rows: [Int]) -> [Bool] {
        rows.map { table.labels[$0] == true }
    }
}
