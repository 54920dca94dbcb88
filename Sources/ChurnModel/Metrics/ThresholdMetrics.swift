/// Precision, recall and F1 of flagging every customer whose probability is at or above a threshold.
public struct ThresholdMetrics: Codable, Sendable, Equatable {
    public var threshold: Double
    public var flagged: Int
    public var truePositives: Int
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(threshold: Double, probabilities: [Double], labels: [Bool]) {
        var flagged = 0, truePositives = 0
        for (p, label) in zip(probabilities, labels) where p >= threshold {
            flagged += 1
            if label { truePositives += 1 }
        }
        let positives = labels.filter { $0 }.count
        self.threshold = threshold
        self.flagged = flagged
        self.truePositives = truePositives
        // Flagging no one has no precision to speak of; 0 keeps reports and JSON finite.
        self.precision = flagged > 0 ? Double(truePositives) / Double(flagged) : 0
        self.recall = positives > 0 ? Double(truePositives) / Double(positives) : 0
        self.f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}
