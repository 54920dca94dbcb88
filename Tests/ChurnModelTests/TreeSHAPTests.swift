import Foundation
import Testing
@testable import ChurnModel

@Suite struct TreeSHAPTests {
    @Test func singleSplitHasTheTextbookAnswer() throws {
        // x0 < 0.5 ? -1 (cover 30) : 2 (cover 10); expected value (-30 + 20) / 40 = -0.25.
        let tree = DecisionTree(
            leftChildren: [1, -1, -1], rightChildren: [2, -1, -1], splitIndices: [0, 0, 0],
            splitConditions: [0.5, -1, 2], defaultLeft: [true, false, false], sumHessian: [40, 30, 10])
        let ensemble = try TreeEnsemble(trees: [tree], featureCount: 2, baseMargin: 0.5)
        let shap = TreeSHAP(ensemble: ensemble)
        #expect(try shap.contributions(row: [0, 7]) == [-0.75, 0, 0.25])
        #expect(try shap.contributions(row: [1, 7]) == [2.25, 0, 0.25])
        #expect(try shap.contributions(row: [.nan, 7]) == [-0.75, 0, 0.25])
    }

    @Test func handBuiltTwoFeatureTreeMatchesShapleyFormula() throws {
        // Tree 0 of TreeEnsembleTests.tiny: x0 < 0.5 ? (x1 < 2 ? 0.25 : -0.5) : 1.0 with covers
        // 40 / 30 / 10 / 20 / 10. For x = (0, 1), with f(S) the cover-weighted expectation:
        // f({}) = (0.25*20 - 0.5*10 + 1*10) / 40 = 0.25, f({0}) = (0.25*20 - 0.5*10) / 30 = 0,
        // f({1}) = (0.25*30 + 1*10) / 40 = 0.4375 (x1 known: the x0<0.5 branch is all "left"),
        // f({0,1}) = 0.25. phi0 = ((0 - 0.25) + (0.25 - 0.4375)) / 2, phi1 = ((0.4375 - 0.25) + (0.25 - 0)) / 2.
        let ensemble = try TreeEnsembleTests.tiny()
        let values = try TreeSHAP(ensemble: ensemble).contributions(row: [0, 1])
        #expect(values[0] == -0.21875)
        #expect(values[1] == 0.21875)
        #expect(values[2] == 0.25 + 0.125)  // tree 0 expectation + constant tree, base margin 0
    }

    @Test(arguments: XGBoostReference.names)
    func contributionsMatchLibXGBoostPredContribs(name: String) throws {
        let (ensemble, reference) = try XGBoostReference.load(name)
        let shap = TreeSHAP(ensemble: ensemble)
        let values = try shap.contributions(matrix: reference.matrix, rowCount: reference.rows.count)
        #expect(values.count == reference.rows.count * shap.width)
        var worst: Float = 0
        for row in reference.rows.indices {
            for column in 0..<shap.width {
                worst = max(worst, abs(values[row * shap.width + column] - reference.contribs[row][column]))
            }
        }
        #expect(worst <= 1e-5, "worst contribution difference \(worst)")
    }

    @Test(arguments: XGBoostReference.names)
    func contributionsAddUpToTheMargin(name: String) throws {
        let (ensemble, reference) = try XGBoostReference.load(name)
        let shap = TreeSHAP(ensemble: ensemble)
        for row in reference.rows.indices {
            let explanation = try shap.explain(row: reference.row(row))
            let margin = try ensemble.margin(row: reference.row(row))
            #expect(abs(explanation.margin - margin) <= 1e-4 * max(1, abs(margin)))
            // Features the row is missing still get contributions (via the default branch), but
            // features no tree uses get exactly zero.
            #expect(explanation.contributions.count == ensemble.featureCount)
        }
    }

    @Test func batchIntoBufferMatchesSingleRows() throws {
        let (ensemble, reference) = try XGBoostReference.load("xgb3_binary")
        let shap = TreeSHAP(ensemble: ensemble)
        let rowCount = 20
        let matrix = Array(reference.matrix.prefix(rowCount * reference.width))
        var output = [Float](repeating: .nan, count: rowCount * shap.width)
        try matrix.withUnsafeBufferPointer { matrix in
            try output.withUnsafeMutableBufferPointer { out in
                try shap.contributions(matrix: matrix, rowCount: rowCount, into: out)
            }
        }
        for row in 0..<rowCount {
            let single = try shap.contributions(row: reference.row(row))
            #expect(Array(output[row * shap.width..<(row + 1) * shap.width]) == single)
        }
        #expect(throws: EnsembleInputError.rowWidth(expected: 6, actual: 2)) { try shap.contributions(row: [1, 2]) }
    }

    @Test func topReasonsRankByContributionAndSkipUnusedColumns() {
        let explanation = Explanation(
            values: [1, 2, .nan, 4, 5], contributions: [0.5, -1.5, 0.5, 0, 2], bias: -1)
        let top = explanation.topReasons(3)
        #expect(top.map(\.column) == [4, 0, 2])
        #expect(top.map(\.contribution) == [2, 0.5, 0.5])
        #expect(top[0].value == 5 && top[1].value == 1 && top[2].value.isNaN)
        #expect(explanation.topReasons(10).map(\.column) == [4, 0, 2, 1])
        #expect(explanation.topReasons(0).isEmpty)
        #expect(explanation.margin == 0.5)
    }
}
