import Testing
@testable import ChurnTraining

@Suite struct TrainingParametersTests {
    @Test func defaultsMatchTheDocumentedRecipe() {
        let parameters = TrainingParameters()
        let booster = parameters.boosterParameters(scalePosWeight: 3)
        #expect(booster["objective"] == "binary:logistic")
        #expect(booster["tree_method"] == "hist")
        #expect(booster["eta"] == "0.1")
        #expect(booster["max_depth"] == "6")
        #expect(booster["subsample"] == "0.8")
        #expect(booster["colsample_bytree"] == "0.8")
        #expect(booster["eval_metric"] == "auc")
        #expect(booster["seed"] == "42")
        #expect(booster["nthread"] == "0")
        #expect(booster["scale_pos_weight"] == "3.0")
        #expect(parameters.numBoostRound == 500)
        #expect(parameters.earlyStoppingRounds == 30)
        #expect(parameters.metricIsMaximized)
    }

    @Test func scalePosWeightIsNegativesOverPositivesUnlessGiven() throws {
        let data = try LabelledMatrix(featureNames: ["a"], values: [0, 0, 0, 0, 0], labels: [1, 0, 0, 0, 0])
        #expect(TrainingParameters().resolvedScalePosWeight(for: data) == 4)
        let weighted = try LabelledMatrix(
            featureNames: ["a"], values: [0, 0, 0], labels: [1, 0, 0], weights: [2, 1, 1])
        #expect(TrainingParameters().resolvedScalePosWeight(for: weighted) == 1)
        let given = try TrainingParameters(overrides: ["scale_pos_weight=2.5"])
        #expect(given.resolvedScalePosWeight(for: data) == 2.5)
    }

    @Test func appliesOverridesAndAliases() throws {
        let parameters = try TrainingParameters(overrides: [
            "max_depth=4", " learning_rate = 0.05 ", "early_stopping_rounds=0", "gamma=0.5", "reg_alpha=1",
            "eval_metric=logloss",
        ])
        #expect(parameters.maxDepth == 4)
        #expect(parameters.eta == 0.05)
        #expect(parameters.earlyStoppingRounds == 0)
        #expect(parameters.additional == ["gamma": "0.5", "alpha": "1"])
        #expect(!parameters.metricIsMaximized)
        #expect(parameters.boosterParameters(scalePosWeight: 1)["gamma"] == "0.5")
    }

    @Test func namesAnUnknownKey() {
        #expect(throws: TrainingError.unknownParameter(key: "max_dept", known: TrainingParameters.knownKeys)) {
            try TrainingParameters(overrides: ["max_dept=4"])
        }
        let message = TrainingError.unknownParameter(key: "max_dept", known: TrainingParameters.knownKeys).description
        #expect(message.contains("'max_dept'") && message.contains("max_depth"))
    }

    @Test func namesABadlyTypedKey() {
        #expect(throws: TrainingError.invalidParameterValue(key: "max_depth", value: "deep", expected: "an integer")) {
            try TrainingParameters(overrides: ["max_depth=deep"])
        }
        #expect(throws: TrainingError.invalidParameterValue(key: "eta", value: "nan", expected: "a finite number")) {
            try TrainingParameters(overrides: ["eta=nan"])
        }
        #expect(throws: TrainingError.invalidParameterValue(key: "gamma", value: "x", expected: "a finite number")) {
            try TrainingParameters(overrides: ["gamma=x"])
        }
        #expect(throws: TrainingError.invalidParameterValue(key: "num_boost_round", value: "0", expected: "an integer >= 1")) {
            try TrainingParameters(overrides: ["num_boost_round=0"])
        }
        #expect(throws: TrainingError.malformedOverride("max_depth")) {
            try TrainingParameters(overrides: ["max_depth"])
        }
    }

    @Test func leavesRangeChecksOfXGBoostParametersToXGBoost() throws {
        // A negative depth is XGBoost's to refuse (with its own message); here it only has to parse.
        #expect(try TrainingParameters(overrides: ["max_depth=-3"]).maxDepth == -3)
    }
}
