import Foundation

/// Metrics of how well scores rank churners above non-churners, threshold-free.
public enum RankingMetrics {
    /// Area under the ROC curve: the probability that a random churner scores above a random
    /// non-churner, ties counting one half (the Mann–Whitney statistic, via mid-ranks).
    public static func rocAUC(scores: [Double], labels: [Bool]) -> Double {
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            // Ranks are 1-based; every member of a tie group gets the group's mean rank.
            let midRank = Double(start + end + 2) / 2
            for position in start...end where labels[order[position]] { positiveRankSum += midRank }
            start = end + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }

    /// Area under the precision–recall curve as average precision: the mean of precision at each
    /// distinct score threshold, weighted by the recall it adds (scikit-learn's definition).
    public static func averagePrecision(scores: [Double], labels: [Bool]) -> Double {
        let positives = labels.filter { $0 }.count
        guard positives > 0 else { return .nan }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives = 0, seen = 0
        var previousRecall = 0.0, area = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            for position in start...end where labels[order[position]] { truePositives += 1 }
            seen = end + 1
            let recall = Double(truePositives) / Double(positives)
            area += (recall - previousRecall) * Double(truePositives) / Double(seen)
            previousRecall = recall
            start = end + 1
        }
        return area
    }

    /// Share of churners among the `fraction` of customers with the highest scores (at least one
    /// customer); this is what a team contacting its top 10% gets.
    public static func precisionAtTop(fraction: Double, scores: [Double], labels: [Bool]) -> Double {
        guard !scores.isEmpty else { return .nan }
        let count = max(1, Int((Double(scores.count) * fraction).rounded(.up)))
        // Stable order: ties keep input order, so the figure is reproducible.
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let hits = order.prefix(count).filter { labels[$0] }.count
        return Double(hits) / Double(count)
    }
}
