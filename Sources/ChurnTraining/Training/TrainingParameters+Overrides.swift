extension TrainingParameters {
    /// Keys ``apply(_:)`` accepts, including aliases (`learning_rate` for `eta`, ...).
    public static let knownKeys: [String] = (propertyKeys.map { $0 } + additionalKeys.keys.map { $0 }
        + aliases.keys.map { $0 }).sorted()

    private enum ValueType {
        case integer, number, text

        var expectation: String {
            switch self {
            case .integer: return "an integer"
            case .number: return "a finite number"
            case .text: return "a non-empty string"
            }
        }
    }

    /// Keys that set a stored property (their types are checked in ``set(_:to:)``).
    private static let propertyKeys: Set<String> = [
        "objective", "tree_method", "eta", "max_depth", "min_child_weight", "subsample", "colsample_bytree",
        "lambda", "eval_metric", "nthread", "seed", "num_boost_round", "early_stopping_rounds",
        "scale_pos_weight", "progress_interval",
    ]

    /// XGBoost tree-booster parameters passed through unchanged once their type checks.
    private static let additionalKeys: [String: ValueType] = [
        "gamma": .number, "alpha": .number, "max_delta_step": .number, "max_bin": .integer,
        "max_leaves": .integer, "colsample_bylevel": .number, "colsample_bynode": .number,
        "grow_policy": .text, "base_score": .number, "verbosity": .integer, "num_parallel_tree": .integer,
    ]

    private static let aliases: [String: String] = [
        "learning_rate": "eta", "reg_lambda": "lambda", "reg_alpha": "alpha", "min_split_loss": "gamma",
        "n_estimators": "num_boost_round", "random_state": "seed", "n_jobs": "nthread",
    ]

    /// Applies one `key=value` override, e.g. `max_depth=4` or `scale_pos_weight=3.5`.
    ///
    /// Only the type is checked here (and the two values libxgboost never sees: rounds and
    /// early-stopping patience); libxgboost itself judges ranges such as a negative `max_depth`.
    public mutating func apply(_ override: String) throws(TrainingError) {
        guard let equals = override.firstIndex(of: "=") else { throw .malformedOverride(override) }
        let key = override[..<equals].trimmingWhitespace()
        let value = override[override.index(after: equals)...].trimmingWhitespace()
        guard !key.isEmpty else { throw .malformedOverride(override) }
        try set(key, to: value)
    }

    /// Sets parameter `key` (an XGBoost name such as `max_depth`, or an alias) from text.
    public mutating func set(_ key: String, to value: String) throws(TrainingError) {
        let name = Self.aliases[key] ?? key
        if let type = Self.additionalKeys[name] {
            try Self.check(key, value, type)
            additional[name] = value
            return
        }
        switch name {
        case "objective": objective = try Self.text(key, value)
        case "tree_method": treeMethod = try Self.text(key, value)
        case "eval_metric": evalMetric = try Self.text(key, value)
        case "eta": eta = try Self.number(key, value)
        case "min_child_weight": minChildWeight = try Self.number(key, value)
        case "subsample": subsample = try Self.number(key, value)
        case "colsample_bytree": colsampleByTree = try Self.number(key, value)
        case "lambda": lambda = try Self.number(key, value)
        case "scale_pos_weight": scalePosWeight = try Self.number(key, value)
        case "max_depth": maxDepth = try Self.integer(key, value)
        case "nthread": threads = try Self.integer(key, value)
        case "seed": seed = try Self.integer(key, value)
        case "num_boost_round": numBoostRound = try Self.integer(key, value, atLeast: 1)
        case "early_stopping_rounds": earlyStoppingRounds = try Self.integer(key, value, atLeast: 0)
        case "progress_interval": progressInterval = try Self.integer(key, value, atLeast: 1)
        default: throw .unknownParameter(key: key, known: Self.knownKeys)
        }
    }

    private static func integer(_ key: String, _ value: String, atLeast minimum: Int? = nil) throws(TrainingError) -> Int {
        guard let parsed = Int(value) else {
            throw .invalidParameterValue(key: key, value: value, expected: ValueType.integer.expectation)
        }
        if let minimum, parsed < minimum {
            throw .invalidParameterValue(key: key, value: value, expected: "an integer >= \(minimum)")
        }
        return parsed
    }

    private static func number(_ key: String, _ value: String) throws(TrainingError) -> Double {
        guard let parsed = Double(value), parsed.isFinite else {
            throw .invalidParameterValue(key: key, value: value, expected: ValueType.number.expectation)
        }
        return parsed
    }

    private static func text(_ key: String, _ value: String) throws(TrainingError) -> String {
        guard !value.isEmpty else {
            throw .invalidParameterValue(key: key, value: value, expected: ValueType.text.expectation)
        }
        return value
    }

    private static func check(_ key: String, _ value: String, _ type: ValueType) throws(TrainingError) {
        switch type {
        case .integer: _ = try integer(key, value)
        case .number: _ = try number(key, value)
        case .text: _ = try text(key, value)
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
