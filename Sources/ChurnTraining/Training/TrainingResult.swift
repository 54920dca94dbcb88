import Foundation

/// The train and validation values of the watched metric after one boosting round.
public struct RoundEvaluation: Sendable, Equatable {
    /// 0-based boosting round.
    public var round: Int
    public var train: Double
    public var validation: Double

    public init(round: Int, train: Double, validation: Double) {
        self.round = round
        self.train = train
        self.validation = validation
    }
}

/// What the trainer reports to its progress callback every `progressInterval` rounds.
public struct TrainingProgress: Sendable, Equatable {
    public var latest: RoundEvaluation
    /// The watched metric, e.g. "auc".
    public var metric: String
    public var bestIteration: Int
    public var bestValidation: Double
    /// `num_boost_round`: the most rounds this run may take.
    public var maximumRounds: Int
}

/// The outcome of ``XGBoostTrainer/train(train:validation:parameters:progress:)``: the model as
/// XGBoost JSON, cut to the best round, and how training went.
///
/// A value (not the live booster) so it can cross tasks and go straight into a model bundle;
/// ``makeBooster()`` loads it back into libxgboost when XGBoost predictions are needed.
public struct TrainingResult: Sendable, Equatable {
    /// The XGBoost JSON model with rounds `0...bestIteration` only, feature names included, and
    /// `best_iteration` / `best_score` attributes set.
    public var modelJSON: Data
    /// 0-based round with the best validation metric; the model holds `bestIteration + 1` rounds.
    public var bestIteration: Int
    /// Validation metric at `bestIteration`.
    public var bestValidation: Double
    public var metric: String
    /// Rounds actually boosted before stopping (≥ the rounds kept).
    public var roundsRun: Int
    /// True when early stopping ended training before `num_boost_round`.
    public var stoppedEarly: Bool
    /// The metric on train and validation for every round run.
    public var history: [RoundEvaluation]
    /// Exactly what was passed to libxgboost, `scale_pos_weight` resolved.
    public var boosterParameters: [String: String]
    public var featureNames: [String]

    /// A libxgboost booster holding the trained model.
    public func makeBooster() throws -> XGBoostBooster {
        try XGBoostBooster(json: modelJSON)
    }
}
