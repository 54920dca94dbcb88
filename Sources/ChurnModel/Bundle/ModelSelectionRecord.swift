/// The model search `churnguard train` ran, as recorded in the bundle: every trial with its scores,
/// the winner and its parameters, the seed and the time spent, so the choice can be audited and
/// repeated.
public struct ModelSelectionRecord: Codable, Sendable, Equatable {
    /// Seed of the search's sampler (and of XGBoost inside it).
    public var seed: UInt64
    /// The time budget in seconds (exploration stops once it is spent).
    public var budgetSeconds: Double
    /// Wall time the final search took.
    public var secondsSpent: Double
    /// What the trials were scored on, e.g. "3-fold inner ROC-AUC" or "validation snapshots ROC-AUC".
    public var scoring: String
    /// Name of the winning trial (see ``trials``).
    public var winner: String
    /// `xgboost`, `random_forest` or `logistic_regression`.
    public var family: String
    public var parameters: [String: String]
    /// Winner's score minus the best score of another family (positive: the winner is better).
    public var marginOverRunnerUp: Double?
    public var trials: [SelectionTrial]
    /// Flat data: the winner of the search inside each outer fold (the nested search that the
    /// reported cross-validated metrics measure).
    public var outerFoldWinners: [String]?

    public init(
        seed: UInt64, budgetSeconds: Double, secondsSpent: Double, scoring: String, winner: String, family: String,
        parameters: [String: String], marginOverRunnerUp: Double?, trials: [SelectionTrial], outerFoldWinners: [String]? = nil
    ) {
        self.seed = seed
        self.budgetSeconds = budgetSeconds
        self.secondsSpent = secondsSpent
        self.scoring = scoring
        self.winner = winner
        self.family = family
        self.parameters = parameters
        self.marginOverRunnerUp = marginOverRunnerUp
        self.trials = trials
        self.outerFoldWinners = outerFoldWinners
    }
}

/// One candidate of a model search and how it scored.
public struct SelectionTrial: Codable, Sendable, Equatable {
    public var name: String
    public var family: String
    public var parameters: [String: String]
    /// ROC-AUC on each validation split it reached (successive halving stops the weak ones early).
    public var scores: [Double]
    /// Mean of ``scores``.
    public var score: Double
    /// Boosting rounds chosen by early stopping (mean over splits), for boosted trees.
    public var rounds: Int?
    public var seconds: Double

    public init(name: String, family: String, parameters: [String: String], scores: [Double], rounds: Int?, seconds: Double) {
        self.name = name
        self.family = family
        self.parameters = parameters
        self.scores = scores
        self.score = scores.isEmpty ? .nan : scores.reduce(0, +) / Double(scores.count)
        self.rounds = rounds
        self.seconds = seconds
    }
}

/// How the bundle's calibrator was chosen: the methods tried, their held-out log loss, and the
/// ranking and calibration error before and after.
public struct CalibrationSummary: Codable, Sendable, Equatable {
    /// `isotonic` (interpolated between block centroids) or `platt`.
    public var method: String
    /// Held-out (cross-fitted) log loss per method tried.
    public var heldOutLogLoss: [String: Double]
    public var rawAUC: Double
    public var calibratedAUC: Double
    public var rawECE: Double
    public var calibratedECE: Double

    public init(method: String, heldOutLogLoss: [String: Double], rawAUC: Double, calibratedAUC: Double, rawECE: Double, calibratedECE: Double) {
        self.method = method
        self.heldOutLogLoss = heldOutLogLoss
        self.rawAUC = rawAUC
        self.calibratedAUC = calibratedAUC
        self.rawECE = rawECE
        self.calibratedECE = calibratedECE
    }
}

/// Decision thresholds on the calibrated probability found at training, beside the tier cut-offs.
public struct ThresholdReport: Codable, Sendable, Equatable {
    /// The threshold with the highest F1 on the evaluation rows, and that F1.
    public var f1Optimal: Double
    public var f1: Double
    /// The threshold that maximizes `value saved × churners flagged − offer cost × customers flagged`.
    public var costOptimal: Double
    public var offerCost: Double
    public var valueSaved: Double
    /// `fixed` (the default or `--high-threshold X`), `f1` or `cost` (`--high-threshold auto`).
    public var highSource: String

    public init(f1Optimal: Double, f1: Double, costOptimal: Double, offerCost: Double, valueSaved: Double, highSource: String) {
        self.f1Optimal = f1Optimal
        self.f1 = f1
        self.costOptimal = costOptimal
        self.offerCost = offerCost
        self.valueSaved = valueSaved
        self.highSource = highSource
    }
}
