/// Everything `churnguard evaluate` reports about one set of scores against outcomes.
public struct BinaryClassificationReport: Codable, Sendable, Equatable {
    public var rows: Int
    public var positives: Int
    public var rocAUC: Double
    /// Average precision (area under the precision–recall curve).
    public var prAUC: Double
    public var brierScore: Double
    public var logLoss: Double
    /// Share of the customers scored that ``precisionAtTop`` looks at (0.10 = top 10%).
    public var topFraction: Double
    public var precisionAtTop: Double
    /// Precision, recall and F1 at the HIGH-risk threshold.
    public var atHighThreshold: ThresholdMetrics
    public var reliability: [ReliabilityBin]
    public var expectedCalibrationError: Double
    /// ROC and precision–recall curves (``EvaluationCurves``), at most 101 points each; nil in
    /// reports written before curves were kept, which still decode.
    public var rocCurve: [CurvePoint]?
    public var precisionRecallCurve: [CurvePoint]?

    public init(
        scores: [Double], labels: [Bool], highThreshold: Double = 0.70, topFraction: Double = 0.10, bins: Int = 10
    ) throws(MetricsError) {
        guard scores.count == labels.count else { throw .lengthMismatch(scores: scores.count, labels: labels.count) }
        if let bad = scores.firstIndex(where: { !$0.isFinite || $0 < 0 || $0 > 1 }) {
            throw .invalidProbability(index: bad, value: scores[bad])
        }
        let positives = labels.filter { $0 }.count
        guard positives > 0, positives < labels.count else {
            throw .singleClass(rows: labels.count, positives: positives)
        }
        rows = scores.count
        self.positives = positives
        rocAUC = RankingMetrics.rocAUC(scores: scores, labels: labels)
        prAUC = RankingMetrics.averagePrecision(scores: scores, labels: labels)
        brierScore = ProbabilityMetrics.brierScore(probabilities: scores, labels: labels)
        logLoss = ProbabilityMetrics.logLoss(probabilities: scores, labels: labels)
        self.topFraction = topFraction
        precisionAtTop = RankingMetrics.precisionAtTop(fraction: topFraction, scores: scores, labels: labels)
        atHighThreshold = ThresholdMetrics(threshold: highThreshold, probabilities: scores, labels: labels)
        reliability = ProbabilityMetrics.reliability(probabilities: scores, labels: labels, bins: bins)
        expectedCalibrationError = ProbabilityMetrics.expectedCalibrationError(reliability)
        rocCurve = EvaluationCurves.roc(scores: scores, labels: labels)
        precisionRecallCurve = EvaluationCurves.precisionRecall(scores: scores, labels: labels)
    }
}

public enum MetricsError: Error, CustomStringConvertible, Equatable {
    case lengthMismatch(scores: Int, labels: Int)
    case invalidProbability(index: Int, value: Double)
    case singleClass(rows: Int, positives: Int)

    public var description: String {
        switch self {
        case .lengthMismatch(let scores, let labels):
            return "cannot evaluate \(scores) scores against \(labels) labels"
        case .invalidProbability(let index, let value):
            return "score \(index) is \(value), not a probability in [0, 1]"
        case .singleClass(let rows, let positives):
            return "cannot evaluate: the \(rows) labelled rows hold \(positives) churners; both churned and retained customers are needed"
        }
    }
}
