import ChurnModel
import Foundation
import Testing
@testable import ChurnTraining

/// The pure-Swift scorer and TreeSHAP against the real libxgboost on a model it trains here.
@Suite struct ScorerParityTests {
    /// One model, trained once: 60 rounds of depth 6 on data with missing values.
    static let modelJSON: Data = {
        let train = SyntheticChurn.matrix(rows: 20_000, seed: 11)
        let validation = SyntheticChurn.matrix(rows: 5_000, seed: 12)
        var parameters = try! TrainingParameters(overrides: [
            "max_depth=6", "num_boost_round=60", "early_stopping_rounds=0", "eta=0.3",
        ])
        parameters.progressInterval = 1_000
        let result = try! XGBoostTrainer.train(train: train, validation: validation, parameters: parameters)
        return result.modelJSON
    }()

    @Test func probabilitiesMatchLibxgboostOn100kRowsWithMissingValues() throws {
        let rows = SyntheticChurn.matrix(rows: 100_000, seed: 99)
        let reference = try XGBoostBooster(json: Self.modelJSON).predict(try SyntheticChurn.xgboostMatrix(rows), threads: 1)
        let ensemble = try TreeEnsemble(xgboostJSON: Self.modelJSON)
        let swift = try ensemble.probabilities(matrix: rows.values, rowCount: rows.rowCount)
        #expect(rows.values.contains { $0.isNaN })
        var worst: Float = 0
        for index in reference.indices { worst = max(worst, abs(reference[index] - swift[index])) }
        #expect(worst <= 1e-6)
        #expect(ensemble.treeCount == 60)
    }

    @Test func treeSHAPMatchesPredContribs() throws {
        let rows = SyntheticChurn.matrix(rows: 2_000, seed: 5)
        let reference = try XGBoostBooster(json: Self.modelJSON).predictContributions(try SyntheticChurn.xgboostMatrix(rows), threads: 1)
        let shap = TreeSHAP(ensemble: try TreeEnsemble(xgboostJSON: Self.modelJSON))
        let swift = try shap.contributions(matrix: rows.values, rowCount: rows.rowCount)
        var worst: Float = 0
        for row in 0..<rows.rowCount {
            for column in 0..<shap.width {
                worst = max(worst, abs(reference[row][column] - swift[row * shap.width + column]))
            }
        }
        #expect(worst <= 1e-5)
    }

    @Test func fastTreeSHAPMatchesPredContribsAndV1() throws {
        let rows = SyntheticChurn.matrix(rows: 2_000, seed: 6)
        let reference = try XGBoostBooster(json: Self.modelJSON).predictContributions(try SyntheticChurn.xgboostMatrix(rows), threads: 1)
        let ensemble = try TreeEnsemble(xgboostJSON: Self.modelJSON)
        let fast = FastTreeSHAP(ensemble: ensemble)
        #expect(fast.treesWithTables == ensemble.treeCount)
        let swift = try fast.contributions(matrix: rows.values, rowCount: rows.rowCount)
        let v1 = try TreeSHAP(ensemble: ensemble).contributions(matrix: rows.values, rowCount: rows.rowCount)
        var worstReference: Float = 0, worstV1: Float = 0
        for row in 0..<rows.rowCount {
            for column in 0..<fast.width {
                let index = row * fast.width + column
                worstReference = max(worstReference, abs(reference[row][column] - swift[index]))
                worstV1 = max(worstV1, abs(v1[index] - swift[index]))
            }
        }
        #expect(worstReference <= 1e-5)
        #expect(worstV1 <= 1e-5)
    }
}
