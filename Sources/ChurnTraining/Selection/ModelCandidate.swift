import ChurnModel

/// One model configuration a search may try: boosted trees, a random forest (XGBoost's
/// `num_parallel_tree` with eta 1 and a single round), or the regularized logistic regression.
public struct ModelCandidate: Sendable, Equatable {
    public enum Family: String, Sendable, Codable {
        case xgboost
        case randomForest = "random_forest"
        case logisticRegression = "logistic_regression"
    }

    public var name: String
    public var family: Family
    /// Boosted trees and forests: the full XGBoost parameters; logistic regression: unused.
    public var parameters: TrainingParameters
    /// Logistic regression: scikit-learn's `C` (inverse L2 strength).
    public var c: Double

    public init(name: String, family: Family, parameters: TrainingParameters, c: Double = 1) {
        self.name = name
        self.family = family
        self.parameters = parameters
        self.c = c
    }

    /// What a person (and the bundle) needs to repeat the trial: the parameters that differ
    /// between candidates, as text.
    public var describedParameters: [String: String] {
        switch family {
        case .logisticRegression:
            return ["C": String(c)]
        case .xgboost, .randomForest:
            var described = parameters.additional
            described["eta"] = String(parameters.eta)
            described["max_depth"] = String(parameters.maxDepth)
            described["min_child_weight"] = String(parameters.minChildWeight)
            described["subsample"] = String(parameters.subsample)
            described["colsample_bytree"] = String(parameters.colsampleByTree)
            described["lambda"] = String(parameters.lambda)
            described["num_boost_round"] = String(parameters.numBoostRound)
            described["scale_pos_weight"] = parameters.scalePosWeight.map { String($0) } ?? "negatives/positives"
            return described
        }
    }

    /// One line for `train`'s output.
    public var summary: String {
        let keys = ["max_depth", "eta", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha", "scale_pos_weight", "num_parallel_tree", "C"]
        let described = describedParameters
        return keys.compactMap { key in described[key].map { "\(key)=\($0)" } }.joined(separator: " ")
    }
}
