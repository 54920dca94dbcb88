import Foundation
import Testing
@testable import ChurnModel

/// Calibrators that keep the ranking: isotonic interpolated between block centroids, and Platt
/// scaling stored as a piecewise-linear curve.
@Suite struct CalibrationRankingTests {
    /// Scores from a miscalibrated model: the true probability is σ(2·logit(s) − 1).
    static func data(count: Int, seed: UInt64) -> (scores: [Double], labels: [Bool]) {
        var generator = SplitMix64(seed: seed)
        var scores: [Double] = [], labels: [Bool] = []
        for _ in 0..<count {
            let score = 0.02 + 0.96 * generator.nextUnit()
            let z = 2 * log(score / (1 - score)) - 1
            scores.append(score)
            labels.append(generator.nextUnit() < 1 / (1 + exp(-z)))
        }
        return (scores, labels)
    }

    @Test func interpolatedIsotonicTiesNoDistinctScoresAndKeepsTheAUC() throws {
        let (scores, labels) = Self.data(count: 600, seed: 3)
        let steps = try IsotonicCalibrator.fit(scores: scores, labels: labels)
        let interpolated = try IsotonicCalibrator.fitInterpolated(scores: scores, labels: labels)
        let raw = RankingMetrics.rocAUC(scores: scores, labels: labels)
        let stepAUC = RankingMetrics.rocAUC(scores: scores.map(steps.calibrate), labels: labels)
        let interpolatedAUC = RankingMetrics.rocAUC(scores: scores.map(interpolated.calibrate), labels: labels)
        // The step function ties customers inside each block (which moves the AUC); the
        // interpolated one keeps every order, so the AUC is the raw one exactly.
        #expect(Set(scores.map(steps.calibrate)).count < scores.count / 4)
        #expect(stepAUC != raw)
        #expect(Set(scores.map(interpolated.calibrate)).count == scores.count)
        #expect(abs(interpolatedAUC - raw) < 1e-12)
        let sorted = scores.sorted().map(interpolated.calibrate)
        for index in 1..<sorted.count { #expect(sorted[index] > sorted[index - 1]) }
        // And it still calibrates: mean prediction close to the churn rate.
        let mean = scores.map(interpolated.calibrate).reduce(0, +) / Double(scores.count)
        let rate = Double(labels.filter { $0 }.count) / Double(labels.count)
        #expect(abs(mean - rate) < 0.03)
    }

    @Test func plattRecoversTheMiscalibrationAndItsCurveStaysStrictlyIncreasing() throws {
        let (scores, labels) = Self.data(count: 5_000, seed: 8)
        let platt = try PlattScaling.fit(scores: scores, labels: labels)
        #expect(abs(platt.a - 2) < 0.25)
        #expect(abs(platt.b + 1) < 0.25)
        let curve = try platt.piecewiseLinear()
        for score in stride(from: 0.0, through: 1.0, by: 0.001) {
            #expect(abs(curve.calibrate(score) - platt.calibrate(score)) < 0.002)
        }
        let raw = RankingMetrics.rocAUC(scores: scores, labels: labels)
        #expect(abs(RankingMetrics.rocAUC(scores: scores.map(curve.calibrate), labels: labels) - raw) < 1e-12)
        #expect(throws: CalibrationError.self) { try PlattScaling.fit(scores: [0.1, 0.2], labels: [true, true]) }
    }
}
