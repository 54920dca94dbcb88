import ChurnModel
import Foundation

/// Seeded synthetic churn-like rows for the scoring benchmark: `featureCount` columns mixing
/// Gaussian, uniform, count-like and 0/1 columns, about `missingRate` of all values missing (NaN),
/// and a label whose log-odds mixes thresholds and interactions of the first dozen columns, so a
/// depth-6 model has real structure to find in every tree.
struct SyntheticScoringData {
    let featureCount: Int
    var missingRate = 0.05

    func features(rows: Int, seed: UInt64) -> [Float] {
        labelled(rows: rows, seed: seed).values
    }

    func labelled(rows: Int, seed: UInt64) -> (values: [Float], labels: [Float]) {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { generator.nextUnit() }
        func normal() -> Double {
            (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform())
        }
        var values = [Float]()
        values.reserveCapacity(rows * featureCount)
        var labels = [Float]()
        labels.reserveCapacity(rows)
        var row = [Double](repeating: 0, count: featureCount)
        for _ in 0..<rows {
            for column in 0..<featureCount {
                switch column % 4 {
                case 0: row[column] = normal()
                case 1: row[column] = uniform() * 100
                case 2: row[column] = (-log(max(uniform(), 1e-300)) * 3).rounded(.down)
                default: row[column] = uniform() < 0.3 ? 1 : 0
                }
            }
            var logit = -1.0
            for column in 0..<min(12, featureCount) {
                let x = row[column]
                switch column % 4 {
                case 0: logit += 0.6 * x * (column % 8 == 0 ? 1 : -0.5)
                case 1: logit += x > 70 ? 0.8 : (x < 20 ? -0.4 : 0)
                case 2: logit += 0.15 * min(x, 8)
                default: logit += x == 1 && row[column - 3] > 0 ? 1.2 : 0
                }
            }
            logit += 0.5 * sin(row[0] * row[min(4, featureCount - 1)])
            labels.append(uniform() < 1 / (1 + exp(-logit)) ? 1 : 0)
            for x in row { values.append(uniform() < missingRate ? .nan : Float(x)) }
        }
        return (values, labels)
    }
}
