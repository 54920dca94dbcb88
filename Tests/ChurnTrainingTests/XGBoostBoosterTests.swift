import Foundation
import Testing
@testable import ChurnTraining

@Suite struct XGBoostBoosterTests {
    /// A small booster trained round by round through the wrapper alone.
    private func trainedBooster(rounds: Int = 8) throws -> (XGBoostBooster, XGBoostMatrix, LabelledMatrix) {
        let data = SyntheticChurn.matrix(rows: 1_000, seed: 11)
        let matrix = try SyntheticChurn.xgboostMatrix(data)
        let booster = try XGBoostBooster(cache: [matrix])
        try booster.setParameters([
            "objective": "binary:logistic", "tree_method": "hist", "max_depth": "4", "nthread": "2",
            "eval_metric": "auc", "seed": "7",
        ])
        try booster.setFeatureNames(data.featureNames)
        for round in 0..<rounds {
            try booster.updateOneIteration(round, train: matrix)
        }
        return (booster, matrix, data)
    }

    @Test func savedJSONLoadsBackAndPredictsIdentically() throws {
        let (booster, matrix, _) = try trainedBooster()
        let json = try booster.saveJSON()
        let loaded = try XGBoostBooster(json: json)

        #expect(try loaded.predict(matrix) == booster.predict(matrix))
        #expect(try loaded.predict(matrix, outputMargin: true) == booster.predict(matrix, outputMargin: true))
        #expect(try loaded.boostedRounds() == 8)
        #expect(try loaded.saveJSON() == json)
    }

    @Test func contributionsSumToTheMargin() throws {
        let (booster, matrix, data) = try trainedBooster()
        let margins = try booster.predict(matrix, outputMargin: true)
        let contributions = try booster.predictContributions(matrix)

        #expect(contributions.count == data.rowCount)
        #expect(contributions.allSatisfy { $0.count == data.columnCount + 1 })
        for (row, values) in contributions.enumerated() {
            #expect(abs(values.reduce(0, +) - margins[row]) < 1e-4)
        }
        // Probabilities are the logistic of the margins.
        let probabilities = try booster.predict(matrix, threads: 1)
        #expect(zip(probabilities, margins).allSatisfy { abs($0 - 1 / (1 + exp(-$1))) < 1e-5 })
    }

    @Test func evaluatesAndParsesXGBoostsMetricLine() throws {
        let (booster, matrix, data) = try trainedBooster()
        let results = try booster.evaluate(iteration: 7, on: [(name: "train", matrix: matrix)])
        #expect(results.count == 1)
        #expect(results.first?.dataset == "train" && results.first?.metric == "auc")
        let auc = rocAUC(scores: try booster.predict(matrix), labels: data.labels)
        #expect(abs((results.first?.value ?? 0) - auc) < 1e-4)
    }

    @Test func parsesEvaluationLinesWithDashedNames() {
        let parsed = XGBoostEvaluation.parse(
            "[12]\ttrain-set-auc:0.91\tvalid-error@0.5:0.125", datasets: ["train-set", "valid"])
        #expect(parsed == [
            XGBoostEvaluation(dataset: "train-set", metric: "auc", value: 0.91),
            XGBoostEvaluation(dataset: "valid", metric: "error@0.5", value: 0.125),
        ])
    }

    @Test func slicesToTheFirstRounds() throws {
        let (booster, matrix, _) = try trainedBooster()
        let firstThree = try booster.sliced(rounds: 0..<3)
        #expect(try firstThree.boostedRounds() == 3)
        #expect(try firstThree.predict(matrix) != booster.predict(matrix))
        #expect(throws: XGBoostError.self) { try booster.sliced(rounds: 0..<20) }
    }

    @Test func matrixStoresLabelsAndFeatureInfo() throws {
        let matrix = try XGBoostMatrix(
            values: [1, .nan, 3, 4], rowCount: 2, columnCount: 2, labels: [0, 1], weights: [1, 2])
        try matrix.setFeatureNames(["a", "b"])
        try matrix.setFeatureTypes(["q", "i"])
        #expect(try matrix.labels() == [0, 1])
        #expect(try matrix.featureNames() == ["a", "b"])
        #expect(try matrix.featureTypes() == ["q", "i"])
    }

    @Test func refusesMismatchedShapesBeforeCallingXGBoost() {
        #expect(throws: TrainingError.self) {
            try XGBoostMatrix(values: [1, 2, 3], rowCount: 2, columnCount: 2)
        }
        #expect(throws: TrainingError.self) {
            try XGBoostMatrix(values: [1, 2, 3, 4], rowCount: 2, columnCount: 2, labels: [1])
        }
        #expect(throws: TrainingError.self) {
            try XGBoostMatrix(values: [1, 2], rowCount: 1, columnCount: 2).setFeatureNames(["only-one"])
        }
    }

    @Test func garbageModelBytesThrowInsteadOfCrashing() throws {
        #expect(throws: XGBoostError.self) { try XGBoostBooster(json: Data("{\"not\": \"a model\"}".utf8)) }
    }

    @Test func refusesAMatrixThatDoesNotMatchTheModelsColumns() throws {
        let (booster, _, _) = try trainedBooster(rounds: 2)
        let narrow = try XGBoostMatrix(values: [1, 2], rowCount: 1, columnCount: 2)
        #expect(throws: TrainingError.self) { try booster.predict(narrow) }
        let renamed = try XGBoostMatrix(values: [1, 2, 3, 4, 5], rowCount: 1, columnCount: 5)
        try renamed.setFeatureNames(["a", "b", "c", "d", "e"])
        #expect(throws: TrainingError.self) { try booster.predictContributions(renamed) }
        let unnamed = try XGBoostMatrix(values: [1, 2, 3, 4, 5], rowCount: 1, columnCount: 5)
        #expect(try booster.predict(unnamed).count == 1)
    }
}
