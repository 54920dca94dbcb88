import Foundation
import Testing
@testable import ChurnModel

@Suite struct MetricsTests {
    // scikit-learn's documented example: roc_auc_score = 0.75, average_precision_score = 0.8333…
    let scores = [0.1, 0.4, 0.35, 0.8]
    let labels = [false, false, true, true]

    @Test func rankingMetricsMatchScikitLearn() {
        #expect(abs(RankingMetrics.rocAUC(scores: scores, labels: labels) - 0.75) < 1e-12)
        #expect(abs(RankingMetrics.averagePrecision(scores: scores, labels: labels) - 5.0 / 6.0) < 1e-12)
    }

    @Test func tiesCountHalf() {
        #expect(RankingMetrics.rocAUC(scores: [0.5, 0.5], labels: [true, false]) == 0.5)
        #expect(RankingMetrics.rocAUC(scores: [0.2, 0.9, 0.9, 0.1], labels: [true, true, false, false]) == 0.625)
        #expect(RankingMetrics.rocAUC(scores: [0.1, 0.2], labels: [true, true]).isNaN)
    }

    @Test func precisionAtTopTakesTheHighestScores() {
        let scores = (0..<20).map { Double($0) / 20 }
        let labels = (0..<20).map { $0 >= 18 || $0 == 3 }
        // Top 10% of 20 = 2 rows (the scores 0.95 and 0.90), both churners.
        #expect(RankingMetrics.precisionAtTop(fraction: 0.1, scores: scores, labels: labels) == 1)
        // Top 20% = 4 rows, two churners.
        #expect(RankingMetrics.precisionAtTop(fraction: 0.2, scores: scores, labels: labels) == 0.5)
    }

    @Test func probabilityMetrics() {
        #expect(abs(ProbabilityMetrics.brierScore(probabilities: [0.9, 0.2], labels: [true, false]) - (0.01 + 0.04) / 2) < 1e-12)
        let expected = -(log(0.9) + log(0.8)) / 2
        #expect(abs(ProbabilityMetrics.logLoss(probabilities: [0.9, 0.2], labels: [true, false]) - expected) < 1e-12)
        #expect(ProbabilityMetrics.logLoss(probabilities: [0, 1], labels: [true, false]).isFinite)
    }

    @Test func reliabilityAndCalibrationError() {
        // Bin 0.0–0.1: predicted 0.05, observed 0; bin 0.9–1.0 (with p = 1): predicted 0.95, observed 1.
        let probabilities = [0.05, 0.05, 0.9, 1.0]
        let outcomes = [false, false, true, true]
        let bins = ProbabilityMetrics.reliability(probabilities: probabilities, labels: outcomes, bins: 10)
        #expect(bins.count == 10)
        #expect(bins[0].count == 2 && bins[9].count == 2)
        #expect(abs(bins[9].meanPredicted - 0.95) < 1e-12)
        #expect(bins[9].observedRate == 1)
        #expect(abs(ProbabilityMetrics.expectedCalibrationError(bins) - 0.05) < 1e-12)
    }

    @Test func thresholdMetrics() {
        let metrics = ThresholdMetrics(threshold: 0.7, probabilities: [0.9, 0.75, 0.7, 0.2, 0.8], labels: [true, false, true, true, false])
        #expect(metrics.flagged == 4)
        #expect(metrics.truePositives == 2)
        #expect(metrics.precision == 0.5)
        #expect(abs(metrics.recall - 2.0 / 3.0) < 1e-12)
        #expect(abs(metrics.f1 - 4.0 / 7.0) < 1e-12)
        let none = ThresholdMetrics(threshold: 0.99, probabilities: [0.1], labels: [true])
        #expect(none.precision == 0 && none.f1 == 0)
    }

    @Test func reportRefusesWhatItCannotMeasure() {
        #expect(throws: MetricsError.singleClass(rows: 2, positives: 2)) {
            try BinaryClassificationReport(scores: [0.1, 0.2], labels: [true, true])
        }
        #expect(throws: MetricsError.invalidProbability(index: 1, value: 1.5)) {
            try BinaryClassificationReport(scores: [0.1, 1.5], labels: [true, false])
        }
        #expect(throws: MetricsError.lengthMismatch(scores: 1, labels: 2)) {
            try BinaryClassificationReport(scores: [0.1], labels: [true, false])
        }
    }

    @Test func reportCombinesTheMetrics() throws {
        let report = try BinaryClassificationReport(scores: scores, labels: labels, highThreshold: 0.7)
        #expect(report.rows == 4 && report.positives == 2)
        #expect(abs(report.rocAUC - 0.75) < 1e-12)
        #expect(report.atHighThreshold.flagged == 1)
        #expect(report.precisionAtTop == 1)
    }
}
