import ChurnModel

/// The compact space `train` searches: the user's XGBoost parameters first (today's defaults),
/// the logistic regression at four strengths, a random forest, then seeded random boosted-tree
/// configurations (depth, learning rate with its round cap, min_child_weight, subsample,
/// colsample, lambda/alpha, `scale_pos_weight` on or off).
///
/// The order matters: a search that runs out of budget has always tried the cheap, strong
/// alternatives and the defaults.
public struct SearchSpace: Sendable {
    public var base: TrainingParameters
    public var seed: UInt64
    /// How many random boosted-tree configurations to draw (the budget usually ends the list sooner).
    public var randomTrials = 40

    public init(base: TrainingParameters, seed: UInt64) {
        self.base = base
        self.seed = seed
    }

    /// The defaults, four logistic regressions and the forest: scored whatever the budget.
    public static let baseCount = 6

    public func candidates() -> [ModelCandidate] {
        var list = [ModelCandidate(name: "xgboost-default", family: .xgboost, parameters: base)]
        for c in [1.0, 0.1, 0.01, 10] {
            list.append(ModelCandidate(name: "logistic-C\(c)", family: .logisticRegression, parameters: base, c: c))
        }
        list.append(ModelCandidate(name: "random-forest", family: .randomForest, parameters: Self.randomForest(base)))
        var generator = SplitMix64(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        for trial in 0..<randomTrials {
            var parameters = base
            // The learning rate carries its round cap: small steps need more rounds to converge.
            let (eta, rounds) = pick([(0.02, 1500), (0.05, 800), (0.1, 500), (0.2, 250)])
            parameters.eta = eta
            parameters.numBoostRound = rounds
            parameters.earlyStoppingRounds = max(base.earlyStoppingRounds, Int(1.5 / eta))
            parameters.maxDepth = pick([2, 3, 4, 5, 6, 8])
            parameters.minChildWeight = pick([1, 3, 5, 10, 20])
            parameters.subsample = pick([0.6, 0.8, 1.0])
            parameters.colsampleByTree = pick([0.5, 0.7, 0.9, 1.0])
            parameters.lambda = pick([0.5, 1, 5, 10])
            parameters.additional["alpha"] = pick(["0", "0.1", "1"])
            parameters.scalePosWeight = pick([nil, 1.0])
            list.append(ModelCandidate(name: "xgboost-\(trial + 1)", family: .xgboost, parameters: parameters))
        }
        return list
    }

    /// A random forest through XGBoost: 100 trees in one round at eta 1 (XGBoost divides the step
    /// among the parallel trees, so the forest averages them), bootstrap-sized row samples and
    /// per-split column samples, no class reweighting.
    static func randomForest(_ base: TrainingParameters) -> TrainingParameters {
        var parameters = base
        parameters.eta = 1
        parameters.numBoostRound = 1
        parameters.earlyStoppingRounds = 0
        parameters.maxDepth = 8
        parameters.minChildWeight = 2
        parameters.subsample = 0.632
        parameters.colsampleByTree = 1
        parameters.lambda = 1
        parameters.scalePosWeight = 1
        parameters.additional["num_parallel_tree"] = "100"
        parameters.additional["colsample_bynode"] = "0.5"
        return parameters
    }
}
