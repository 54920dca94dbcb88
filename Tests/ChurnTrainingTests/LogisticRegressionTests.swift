import ChurnModel
import Foundation
import Testing
@testable import ChurnTraining

@Suite struct LogisticRegressionTests {
    @Test func findsTheSignalAndIgnoresNoise() throws {
        var generator = SplitMix64(seed: 11)
        func uniform() -> Double { generator.nextUnit() }
        var matrix: [Float] = []
        var labels: [Bool] = []
        for _ in 0..<4_000 {
            // Column 0 on a large scale (standardizing matters), column 1 negative signal, column 2 noise.
            let a = uniform() * 1_000, b = uniform() * 2 - 1, noise = uniform()
            let logit = 4 * (a / 1_000 - 0.5) - 3 * b
            labels.append(uniform() < 1 / (1 + exp(-logit)))
            matrix += [Float(a), uniform() < 0.05 ? .nan : Float(b), Float(noise)]
        }
        let model = try LogisticRegression.fit(matrix: matrix, columnCount: 3, labels: labels)
        #expect(model.weights[0] > 0.5)
        #expect(model.weights[1] < -0.5)
        #expect(abs(model.weights[2]) < 0.15)
        let probabilities = model.predict(matrix: matrix, rowCount: labels.count)
        let auc = rocAUC(scores: probabilities.map(Float.init), labels: labels.map { $0 ? 1 : 0 })
        #expect(auc > 0.8)
        // Calibrated in the mean on its training data, as a converged logistic regression is.
        let mean = probabilities.reduce(0, +) / Double(probabilities.count)
        let observed = Double(labels.filter { $0 }.count) / Double(labels.count)
        #expect(abs(mean - observed) < 0.01)
    }

    @Test func strongerPenaltyShrinksWeights() throws {
        var generator = SplitMix64(seed: 5)
        func uniform() -> Double { generator.nextUnit() }
        var matrix: [Float] = []
        var labels: [Bool] = []
        for _ in 0..<500 {
            let x = uniform() * 2 - 1
            matrix.append(Float(x))
            labels.append(uniform() < 1 / (1 + exp(-3 * x)))
        }
        let loose = try LogisticRegression.fit(matrix: matrix, columnCount: 1, labels: labels, c: 100)
        let tight = try LogisticRegression.fit(matrix: matrix, columnCount: 1, labels: labels, c: 0.001)
        #expect(abs(tight.weights[0]) < abs(loose.weights[0]) / 2)
    }

    @Test func refusesMisshapenInput() {
        #expect(throws: LogisticRegressionError.self) {
            try LogisticRegression.fit(matrix: [1, 2, 3], columnCount: 2, labels: [true, false])
        }
    }
}
