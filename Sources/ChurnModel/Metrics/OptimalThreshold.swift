/// Decision thresholds on probabilities chosen from labelled data: the one with the best F1, and
/// the one that pays most when flagging a customer costs an offer and flagging a churner saves a
/// value. A customer is flagged when their probability is at or above the threshold.
public enum OptimalThreshold {
    public struct Choice: Sendable, Equatable {
        public var threshold: Double
        /// F1 for ``f1(probabilities:labels:)``, net value for ``cost(probabilities:labels:offerCost:valueSaved:)``.
        public var value: Double
    }

    /// The threshold with the highest F1 (the highest threshold among equals, flagging fewer).
    public static func f1(probabilities: [Double], labels: [Bool]) -> Choice {
        let positives = Double(labels.filter { $0 }.count)
        return sweep(probabilities: probabilities, labels: labels) { flagged, truePositives in
            flagged + positives > 0 ? 2 * truePositives / (flagged + positives) : 0
        }
    }

    /// The threshold maximizing `valueSaved × churners flagged − offerCost × customers flagged`;
    /// 1 (flag nobody) when no cut pays.
    public static func cost(probabilities: [Double], labels: [Bool], offerCost: Double, valueSaved: Double) -> Choice {
        sweep(probabilities: probabilities, labels: labels) { flagged, truePositives in
            valueSaved * truePositives - offerCost * flagged
        }
    }

    /// Evaluates `objective(flagged, truePositives)` at every distinct probability, highest first;
    /// flagging nobody (threshold 1, or just above the top score) scores the objective at (0, 0).
    private static func sweep(probabilities: [Double], labels: [Bool], objective: (Double, Double) -> Double) -> Choice {
        let order = probabilities.indices.filter { !probabilities[$0].isNaN }.sorted { probabilities[$0] > probabilities[$1] }
        var best = Choice(threshold: 1, value: objective(0, 0))
        if let top = order.first, probabilities[top] >= 1 { best.threshold = 1.0.nextUp }
        var flagged = 0.0, truePositives = 0.0
        var position = 0
        while position < order.count {
            let threshold = probabilities[order[position]]
            while position < order.count, probabilities[order[position]] == threshold {
                flagged += 1
                if labels[order[position]] { truePositives += 1 }
                position += 1
            }
            let value = objective(flagged, truePositives)
            if value > best.value { best = Choice(threshold: threshold, value: value) }
        }
        return best
    }
}
