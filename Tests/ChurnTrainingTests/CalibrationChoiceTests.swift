import ChurnModel
import Foundation
import Testing
@testable import ChurnTraining

/// The calibrators `train` chooses among and the rule that chooses: every map increases strictly,
/// and the choice keeps the held-out ranking within issue 18's 0.002.
@Suite struct CalibrationChoiceTests {
    /// Scores whose churn rate climbs steeply to 0.8 and then barely moves (0.8 → 0.9) over the
    /// upper half, the shape a strongly regularized logistic regression showed on a SaaS table.
    static func flatTopped(count: Int, seed: UInt64) -> (scores: [Double], labels: [Bool]) {
        var generator = SplitMix64(seed: seed)
        var scores: [Double] = [], labels: [Bool] = []
        for _ in 0..<count {
            let s = 0.02 + 0.96 * generator.nextUnit()
            let rate = s < 0.45 ? 0.8 / (1 + exp(-25 * (s - 0.35))) : 0.8 + 0.1 * (s - 0.45) / 0.55
            scores.append(s)
            labels.append(generator.nextUnit() < rate)
        }
        return (scores, labels)
    }

    static func crossFittedAUC(_ fit: ([Double], [Bool]) throws -> IsotonicCalibrator, scores: [Double], labels: [Bool]) throws -> Double {
        var predictions = scores
        for fold in try CalibrationChoice.crossFitFolds(labels: labels, seed: 1) {
            let calibrator = try fit(fold.train.map { scores[$0] }, fold.train.map { labels[$0] })
            for index in fold.test { predictions[index] = calibrator.calibrate(scores[index]) }
        }
        return RankingMetrics.rocAUC(scores: predictions, labels: labels)
    }

    @Test func smoothedIsotonicKeepsBlocksOfAtLeastRootNRowsAndIncreasesStrictly() throws {
        let (scores, labels) = Self.flatTopped(count: 2_000, seed: 4)
        let plain = try IsotonicCalibrator.fitInterpolated(scores: scores, labels: labels)
        let smoothed = try SmoothedIsotonic.fit(scores: scores, labels: labels)
        // Interior knots are block centroids; at most n / √n blocks of ≥ √n rows, plus the two ends.
        #expect(smoothed.thresholds.count <= Int(Double(scores.count).squareRoot()) + 2)
        #expect(smoothed.thresholds.count < plain.thresholds.count)
        let grid = stride(from: 0.0, through: 1.0, by: 0.0005).map(smoothed.calibrate)
        for index in 1..<grid.count { #expect(grid[index] > grid[index - 1]) }
        let raw = RankingMetrics.rocAUC(scores: scores, labels: labels)
        #expect(abs(RankingMetrics.rocAUC(scores: scores.map(smoothed.calibrate), labels: labels) - raw) < 1e-12)
        // Still a calibration: the mean prediction matches the churn rate.
        let mean = scores.map(smoothed.calibrate).reduce(0, +) / Double(scores.count)
        #expect(abs(mean - Double(labels.filter { $0 }.count) / Double(labels.count)) < 0.02)
    }

    @Test func mergingSmallBlocksKeepsTheRatesIncreasing() {
        // Rates 0.1, 0.3, 0.4, 0.58, 0.9 over 10, 3, 30, 12 and 4 rows.
        let sizes: [(positives: Double, count: Double)] = [(1, 10), (0.9, 3), (12, 30), (7, 12), (3.6, 4)]
        var blocks = sizes.enumerated().map { index, size in
            SmoothedIsotonic.Block(positives: size.positives, count: size.count, scoreSum: size.count * Double(index), low: Double(index), high: Double(index) + 0.5)
        }
        SmoothedIsotonic.mergeSmallBlocks(&blocks, minimum: 8)
        // The 3-row block joins the 30 (closer rate), the 4-row block the 12.
        #expect(blocks.map(\.count) == [10, 33, 16])
        for index in 1..<blocks.count { #expect(blocks[index].rate > blocks[index - 1].rate) }
        #expect(blocks[1].low == 1 && blocks[1].high == 2.5)
    }

    @Test func betaCalibrationRecoversItsCurveAndStaysIncreasingWhereTheFitWouldTurn() throws {
        // Labels drawn from a beta map with a = 2, b = 0.5, c = 0.3.
        var generator = SplitMix64(seed: 21)
        var scores: [Double] = [], labels: [Bool] = []
        for _ in 0..<20_000 {
            let s = 0.01 + 0.98 * generator.nextUnit()
            let z = 2 * log(s) - 0.5 * log(1 - s) + 0.3
            scores.append(s)
            labels.append(generator.nextUnit() < 1 / (1 + exp(-z)))
        }
        let fit = try BetaCalibration.fit(scores: scores, labels: labels)
        #expect(abs(fit.a - 2) < 0.25)
        #expect(abs(fit.b - 0.5) < 0.25)
        // Rates that fall at the top: the unconstrained fit has b < 0 (a curve that turns down
        // near 1); the constrained one holds b at 0 and increases strictly.
        let falling = Self.flatTopped(count: 3_000, seed: 5)
        let bent = try BetaCalibration.fit(scores: falling.scores, labels: falling.labels.enumerated().map { $0.element && !(falling.scores[$0.offset] > 0.9 && $0.offset % 2 == 0) })
        #expect(bent.a >= 0 && bent.b >= 0 && bent.a + bent.b > 0)
        let curve = try bent.piecewiseLinear()
        let grid = stride(from: 0.0, through: 1.0, by: 0.0005).map(curve.calibrate)
        for index in 1..<grid.count { #expect(grid[index] > grid[index - 1]) }
        for score in stride(from: 0.01, through: 0.99, by: 0.01) { #expect(abs(curve.calibrate(score) - bent.calibrate(score)) < 0.002) }
    }

    @Test func theRuleChoosesByLogLossWithinTheRankingLimit() {
        let rows = 400
        // Platt is worst; isotonic beats beta by far less than the noise of the difference.
        var isotonic: [Double] = [], beta: [Double] = [], platt: [Double] = []
        var generator = SplitMix64(seed: 3)
        for _ in 0..<rows {
            let base = 0.3 + generator.nextUnit()
            isotonic.append(base)
            beta.append(base + 0.001 + 0.2 * (generator.nextUnit() - 0.5))
            platt.append(base + 0.2)
        }
        let losses = ["isotonic": isotonic, "beta": beta, "platt": platt]
        // All within the ranking limit: the lowest log loss, however small its lead, and although
        // the others rank better (the limit comes first, then calibration).
        #expect(CalibrationChoice.pick(losses: losses, aucs: ["isotonic": 0.8985, "beta": 0.8995, "platt": 0.9], rawAUC: 0.9) == "isotonic")
        // Isotonic loses more than 0.002 of ranking: the next lowest log loss.
        #expect(CalibrationChoice.pick(losses: losses, aucs: ["isotonic": 0.897, "beta": 0.8995, "platt": 0.9], rawAUC: 0.9) == "beta")
        // Isotonic and beta lose more than 0.002 of ranking: Platt, although its log loss is worse.
        #expect(CalibrationChoice.pick(losses: losses, aucs: ["isotonic": 0.897, "beta": 0.897, "platt": 0.8995], rawAUC: 0.9) == "platt")
        // None keeps the ranking: the lowest log loss among all.
        #expect(CalibrationChoice.pick(losses: losses, aucs: ["isotonic": 0.89, "beta": 0.891, "platt": 0.895], rawAUC: 0.9) == "isotonic")
        // An exact tie goes to the method listed first.
        #expect(CalibrationChoice.pick(losses: ["beta": isotonic, "bagged-isotonic": isotonic], aucs: ["beta": 0.9, "bagged-isotonic": 0.9], rawAUC: 0.9) == "bagged-isotonic")
    }

    @Test func baggedIsotonicIncreasesStrictlyAndRanksBetterHeldOutThanOneMap() throws {
        let (scores, labels) = Self.flatTopped(count: 2_000, seed: 2)
        let bagged = try BaggedIsotonic.fit(scores: scores, labels: labels)
        #expect(bagged == (try BaggedIsotonic.fit(scores: scores, labels: labels)))
        let grid = stride(from: 0.0, through: 1.0, by: 0.0005).map(bagged.calibrate)
        for index in 1..<grid.count { #expect(grid[index] > grid[index - 1]) }
        let mean = scores.map(bagged.calibrate).reduce(0, +) / Double(scores.count)
        #expect(abs(mean - Double(labels.filter { $0 }.count) / Double(labels.count)) < 0.02)
        // Cross-fitted, the mean of resampled maps loses less pooled ranking than one map.
        let one = try Self.crossFittedAUC({ try SmoothedIsotonic.fit(scores: $0, labels: $1) }, scores: scores, labels: labels)
        let averaged = try Self.crossFittedAUC({ try BaggedIsotonic.fit(scores: $0, labels: $1) }, scores: scores, labels: labels)
        #expect(averaged > one)
    }

    @Test func theChosenCalibratorKeepsTheHeldOutRankingOnAFlatToppedCurve() throws {
        let (scores, labels) = Self.flatTopped(count: 2_000, seed: 2)
        let raw = RankingMetrics.rocAUC(scores: scores, labels: labels)
        // Plain interpolated isotonic, cross-fitted, loses more than the limit on this shape …
        let plain = try Self.crossFittedAUC({ try IsotonicCalibrator.fitInterpolated(scores: $0, labels: $1) }, scores: scores, labels: labels)
        #expect(plain < raw - CalibrationChoice.rankingTolerance)
        // … the choice does not, and still calibrates much better than the raw scores.
        let choice = try CalibrationChoice.choose(scores: scores, labels: labels, folds: CalibrationChoice.crossFitFolds(labels: labels, seed: 1))
        #expect(choice.heldOutAUC[choice.method]! >= raw - CalibrationChoice.rankingTolerance)
        #expect(RankingMetrics.rocAUC(scores: choice.crossFitted, labels: labels) == choice.heldOutAUC[choice.method]!)
        let rawLoss = ProbabilityMetrics.logLoss(probabilities: scores, labels: labels)
        #expect(choice.heldOutLogLoss[choice.method]! < rawLoss)
        #expect(Set(choice.heldOutLogLoss.keys) == Set(CalibrationChoice.methods))
        // The shipped map, fitted on all scores, reorders nobody.
        #expect(abs(RankingMetrics.rocAUC(scores: scores.map(choice.calibrator.calibrate), labels: labels) - raw) < 1e-12)
    }
}
