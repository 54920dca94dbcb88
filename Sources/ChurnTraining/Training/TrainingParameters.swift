/// The XGBoost hyper-parameters and boosting schedule for one training run.
///
/// Defaults suit churn tables (imbalanced, tens of features, up to millions of rows): a
/// histogram-based binary:logistic model with mild row/column subsampling, early-stopped on the
/// validation AUC. `scale_pos_weight` defaults to negatives/positives of the training labels.
/// The CLI passes `key=value` overrides through ``apply(_:)``.
public struct TrainingParameters: Sendable, Equatable {
    public var objective = "binary:logistic"
    public var treeMethod = "hist"
    public var eta = 0.1
    public var maxDepth = 6
    public var minChildWeight = 1.0
    public var subsample = 0.8
    public var colsampleByTree = 0.8
    public var lambda = 1.0
    /// The metric early stopping watches on the validation set.
    public var evalMetric = "auc"
    /// libxgboost threads; 0 uses every core.
    public var threads = 0
    public var seed = 42
    /// Upper bound on boosting rounds.
    public var numBoostRound = 500
    /// Stop after this many rounds without a validation improvement; 0 disables early stopping.
    public var earlyStoppingRounds = 30
    /// `nil` means negatives/positives of the (weighted) training labels.
    public var scalePosWeight: Double?
    /// The progress callback fires every this many rounds (and on the last round).
    public var progressInterval = 10
    /// Further XGBoost parameters accepted by ``apply(_:)`` (gamma, alpha, max_bin, ...), as text.
    public var additional: [String: String] = [:]

    public init() {}

    /// Defaults with `overrides` (each `key=value`) applied in order.
    public init(overrides: [String]) throws(TrainingError) {
        for override in overrides {
            try apply(override)
        }
    }

    /// The parameters handed to libxgboost, with `scale_pos_weight` resolved.
    public func boosterParameters(scalePosWeight resolved: Double) -> [String: String] {
        var parameters = additional
        parameters["objective"] = objective
        parameters["tree_method"] = treeMethod
        parameters["eta"] = String(eta)
        parameters["max_depth"] = String(maxDepth)
        parameters["min_child_weight"] = String(minChildWeight)
        parameters["subsample"] = String(subsample)
        parameters["colsample_bytree"] = String(colsampleByTree)
        parameters["lambda"] = String(lambda)
        parameters["eval_metric"] = evalMetric
        parameters["nthread"] = String(threads)
        parameters["seed"] = String(seed)
        parameters["scale_pos_weight"] = String(resolved)
        return parameters
    }

    /// `scalePosWeight` if set, else negatives/positives of `train` (1 when either class is absent).
    public func resolvedScalePosWeight(for train: LabelledMatrix) -> Double {
        if let scalePosWeight { return scalePosWeight }
        let (positive, negative) = train.classWeights()
        guard positive > 0, negative > 0 else { return 1 }
        return negative / positive
    }

    /// Whether a larger value of `evalMetric` is better (as in XGBoost's own early stopping).
    public var metricIsMaximized: Bool {
        let name = evalMetric.split(separator: "@").first.map(String.init) ?? evalMetric
        return ["auc", "aucpr", "map", "ndcg", "pre"].contains(name)
    }
}
