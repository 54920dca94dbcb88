import ChurnModel
import Foundation
@testable import ChurnTraining

/// Seeded synthetic binary data for training tests: churn depends on x0 > 0.3 and on x1, with
/// noise columns and missing values, so a real model must find the signal.
enum SyntheticChurn {
    static let featureNames = ["x0_tenure", "x1_usage", "x2_noise", "x3_noise", "x4_flag"]
    static let featureTypes = ["q", "q", "q", "q", "i"]

    /// `rows` rows; `informative: false` makes labels independent of the features.
    static func matrix(rows: Int, seed: UInt64, informative: Bool = true) -> LabelledMatrix {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { generator.nextUnit() }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
        var values = [Float]()
        var labels = [Float]()
        values.reserveCapacity(rows * featureNames.count)
        for _ in 0..<rows {
            let x0 = uniform() * 2 - 1, x1 = normal(), x2 = normal(), x3 = uniform()
            let x4: Double = uniform() < 0.5 ? 1 : 0
            let logit = 3 * (x0 > 0.3 ? 1 : 0) + 1.5 * x1 - 1
            let probability = informative ? 1 / (1 + exp(-logit)) : 0.3
            labels.append(uniform() < probability ? 1 : 0)
            // Missing values, including in an informative column, exercise XGBoost's default branches.
            let row = [x0, uniform() < 0.05 ? .nan : x1, uniform() < 0.2 ? .nan : x2, x3, x4]
            values.append(contentsOf: row.map(Float.init))
        }
        // Safe: sizes agree by construction.
        return try! LabelledMatrix(featureNames: featureNames, featureTypes: featureTypes, values: values, labels: labels)
    }

    static func xgboostMatrix(_ data: LabelledMatrix) throws -> XGBoostMatrix {
        try data.makeXGBoostMatrix(threads: 0)
    }
}

/// ROC AUC by the rank-sum (Mann–Whitney) formula, ties sharing their average rank.
func rocAUC(scores: [Float], labels: [Float]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var ranks = [Double](repeating: 0, count: scores.count)
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
        let averageRank = Double(start + end) / 2 + 1
        for position in start...end { ranks[order[position]] = averageRank }
        start = end + 1
    }
    let positives = labels.filter { $0 == 1 }.count
    let negatives = labels.count - positives
    let positiveRankSum = labels.indices.filter { labels[$0] == 1 }.map { ranks[$0] }.reduce(0, +)
    return (positiveRankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
}
