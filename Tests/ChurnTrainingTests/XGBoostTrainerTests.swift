import Foundation
import Testing
@testable import ChurnTraining

@Suite struct XGBoostTrainerTests {
    static let train = SyntheticChurn.matrix(rows: 4_000, seed: 1)
    static let validation = SyntheticChurn.matrix(rows: 1_500, seed: 2)

    private func parameters(_ overrides: [String]) throws -> TrainingParameters {
        try TrainingParameters(overrides: overrides)
    }

    @Test func learnsTheSignalAndKeepsOnlyTheBestRounds() throws {
        let result = try XGBoostTrainer.train(
            train: Self.train, validation: Self.validation,
            parameters: parameters(["num_boost_round=200", "early_stopping_rounds=15", "nthread=2"]))
        let booster = try result.makeBooster()
        let matrix = try SyntheticChurn.xgboostMatrix(Self.validation)
        let auc = rocAUC(scores: try booster.predict(matrix), labels: Self.validation.labels)

        #expect(auc > 0.8)
        // The saved model is exactly the validated one: its AUC is the best round's AUC.
        #expect(abs(auc - result.bestValidation) < 1e-4)
        #expect(try booster.boostedRounds() == result.bestIteration + 1)
        #expect(try booster.bestIteration() == result.bestIteration)
        #expect(result.history.count == result.roundsRun)
        #expect(result.history.map(\.validation).max() == result.bestValidation)
        #expect(result.boosterParameters["scale_pos_weight"].flatMap(Double.init) != nil)
    }

    @Test func stopsEarlyOnNoiseLabels() throws {
        let noiseTrain = SyntheticChurn.matrix(rows: 2_000, seed: 3, informative: false)
        let noiseValidation = SyntheticChurn.matrix(rows: 1_000, seed: 4, informative: false)
        let result = try XGBoostTrainer.train(
            train: noiseTrain, validation: noiseValidation,
            parameters: parameters(["num_boost_round=500", "early_stopping_rounds=10", "nthread=2"]))

        #expect(result.stoppedEarly)
        #expect(result.roundsRun < 500)
        // Patience: exactly 10 non-improving rounds after the best one.
        #expect(result.roundsRun == result.bestIteration + 11)
        #expect(try result.makeBooster().boostedRounds() == result.bestIteration + 1)
    }

    @Test func keepsEveryRoundWhenEarlyStoppingIsOff() throws {
        let result = try XGBoostTrainer.train(
            train: Self.train, validation: Self.validation,
            parameters: parameters(["num_boost_round=12", "early_stopping_rounds=0", "nthread=2"]))
        #expect(!result.stoppedEarly)
        #expect(result.roundsRun == 12)
        #expect(result.bestIteration == 11)
        #expect(try result.makeBooster().boostedRounds() == 12)
    }

    @Test func reportsProgressEveryIntervalAndOnTheLastRound() throws {
        var reported: [TrainingProgress] = []
        let result = try XGBoostTrainer.train(
            train: Self.train, validation: Self.validation,
            parameters: parameters([
                "num_boost_round=25", "early_stopping_rounds=0", "progress_interval=10", "nthread=2",
            ])) { reported.append($0) }
        #expect(reported.map(\.latest.round) == [0, 10, 20, 24])
        #expect(reported.allSatisfy { $0.metric == "auc" && $0.maximumRounds == 25 })
        #expect(reported.last?.latest == result.history.last)
        #expect(reported.allSatisfy { $0.latest.train > 0.5 && $0.latest.validation > 0.5 })
    }

    @Test func writesFeatureNamesAndTypesIntoTheJSONModel() throws {
        let result = try XGBoostTrainer.train(
            train: Self.train, validation: Self.validation,
            parameters: parameters(["num_boost_round=5", "nthread=2"]))
        let json = try #require(JSONSerialization.jsonObject(with: result.modelJSON) as? [String: Any])
        let learner = try #require(json["learner"] as? [String: Any])
        #expect(learner["feature_names"] as? [String] == SyntheticChurn.featureNames)
        #expect(learner["feature_types"] as? [String] == SyntheticChurn.featureTypes)
        let attributes = try #require(learner["attributes"] as? [String: String])
        #expect(attributes["best_iteration"] == String(result.bestIteration))

        let loaded = try result.makeBooster()
        #expect(try loaded.featureNames() == SyntheticChurn.featureNames)
        #expect(try loaded.featureCount() == SyntheticChurn.featureNames.count)
    }

    @Test func surfacesXGBoostsMessageForANegativeMaxDepth() throws {
        let error = try #require(throws: XGBoostError.self) {
            try XGBoostTrainer.train(
                train: Self.train, validation: Self.validation,
                parameters: parameters(["max_depth=-3", "num_boost_round=3"]))
        }
        #expect(error.message.contains("max_depth"))
    }

    @Test func surfacesXGBoostsMessageForAnUnknownObjective() throws {
        let error = try #require(throws: XGBoostError.self) {
            try XGBoostTrainer.train(
                train: Self.train, validation: Self.validation,
                parameters: parameters(["objective=binary:nonsense", "num_boost_round=3"]))
        }
        #expect(error.message.contains("binary:nonsense"))
    }

    @Test func refusesASingleClassValidationSet() throws {
        let allNegative = try LabelledMatrix(
            featureNames: ["a"], values: [1, 2, 3], labels: [0, 0, 0])
        #expect(throws: TrainingError.singleClass(dataset: "validation", positives: 0, negatives: 3)) {
            try XGBoostTrainer.train(train: Self.train.rows(Array(0..<100)), validation: allNegative.withNames(SyntheticChurn.featureNames))
        }
    }

    @Test func refusesLabelsOtherThanZeroOrOne() throws {
        let data = try LabelledMatrix(featureNames: ["a"], values: [1, 2, 3], labels: [0, 1, 2])
        #expect(throws: TrainingError.invalidLabel(dataset: "training", row: 2, value: 2)) {
            try XGBoostTrainer.train(train: data, validation: data)
        }
    }

    @Test func refusesMismatchedFeatureColumns() throws {
        let other = try LabelledMatrix(featureNames: ["a"], values: [1, 2], labels: [0, 1])
        #expect(throws: TrainingError.self) {
            try XGBoostTrainer.train(train: Self.train, validation: other)
        }
    }
}

extension LabelledMatrix {
    /// The same single-column rows repeated across `names.count` columns.
    fileprivate func withNames(_ names: [String]) throws -> LabelledMatrix {
        try LabelledMatrix(
            featureNames: names, values: values.flatMap { Array(repeating: $0, count: names.count) }, labels: labels)
    }
}
