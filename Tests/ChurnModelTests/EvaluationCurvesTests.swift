import Foundation
import Testing
@testable import ChurnModel

/// ROC and precision–recall curves against scikit-learn's on its documentation's example, ties,
/// thinning, and the stored form old readers and new agree on.
@Suite struct EvaluationCurvesTests {
    // sklearn.metrics.roc_curve / precision_recall_curve docs: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
    static let labels = [false, false, true, true]
    static let scores = [0.1, 0.4, 0.35, 0.8]

    static func pairs(_ points: [CurvePoint]) -> [[Double]] { points.map { [$0.x, $0.y] } }

    @Test func rocMatchesScikitLearn() {
        // roc_curve(drop_intermediate=False): fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1].
        #expect(Self.pairs(EvaluationCurves.roc(scores: Self.scores, labels: Self.labels)) == [[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]])
    }

    @Test func precisionRecallMatchesScikitLearn() {
        // precision_recall_curve: precision [0.5, 0.6667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], read from the end.
        #expect(Self.pairs(EvaluationCurves.precisionRecall(scores: Self.scores, labels: Self.labels))
                == [[0, 1], [0.5, 1], [0.5, 0.5], [1, 0.6667], [1, 0.5]])
    }

    @Test func tiedScoresMoveTogether() {
        // One distinct score: everyone is called a churner at once.
        let roc = EvaluationCurves.roc(scores: [0.5, 0.5, 0.5, 0.5], labels: [true, false, true, false])
        #expect(Self.pairs(roc) == [[0, 0], [1, 1]])
        #expect(EvaluationCurves.roc(scores: [0.2, 0.3], labels: [true, true]).isEmpty, "no negatives: no ROC curve")
        #expect(EvaluationCurves.precisionRecall(scores: [0.2, 0.3], labels: [false, false]).isEmpty)
    }

    @Test func longCurvesAreThinnedKeepingBothEnds() {
        var generator = SplitMix64(seed: 7)
        let labels = (0..<5_000).map { _ in Double.random(in: 0..<1, using: &generator) < 0.3 }
        let scores = labels.map { churned in min(1, max(0, Double.random(in: 0..<1, using: &generator) * 0.7 + (churned ? 0.3 : 0))) }
        let roc = EvaluationCurves.roc(scores: scores, labels: labels)
        #expect(roc.count == EvaluationCurves.defaultMaxPoints)
        #expect(Self.pairs([roc.first!, roc.last!]) == [[0, 0], [1, 1]])
        #expect(zip(roc, roc.dropFirst()).allSatisfy { $0.x <= $1.x && $0.y <= $1.y }, "a ROC curve never goes back")
        let precisionRecall = EvaluationCurves.precisionRecall(scores: scores, labels: labels)
        #expect(precisionRecall.count == EvaluationCurves.defaultMaxPoints)
        #expect(precisionRecall.last?.x == 1)
        // The area under the thinned ROC curve (trapezoids) stays within 0.01 of the exact ROC-AUC.
        let area = zip(roc, roc.dropFirst()).reduce(0.0) { $0 + ($1.1.x - $1.0.x) * ($1.0.y + $1.1.y) / 2 }
        #expect(abs(area - RankingMetrics.rocAUC(scores: scores, labels: labels)) < 0.01)
    }

    @Test func reportsCarryCurvesAndOldReportsStillDecode() throws {
        let report = try BinaryClassificationReport(scores: Self.scores, labels: Self.labels)
        #expect(report.rocCurve?.count == 5 && report.precisionRecallCurve?.count == 5)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains(#""rocCurve":[[0,0],[0,0.5],[0.5,0.5],[0.5,1],[1,1]]"#), "\(json)")
        // A report written before curves were kept: the same JSON without them.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["rocCurve"] = nil
        object["precisionRecallCurve"] = nil
        let old = try JSONDecoder().decode(BinaryClassificationReport.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.rocCurve == nil && old.precisionRecallCurve == nil && old.rocAUC == report.rocAUC)
    }
}
