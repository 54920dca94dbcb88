import ChurnModel
import Foundation

/// Gain-based feature importance read from an XGBoost JSON model: the split gain (`loss_changes`)
/// of every split, summed per encoded column and then per schema feature.
public enum GainImportance {
    public static func compute(modelJSON: Data, encoder: FeatureEncoder) throws -> [FeatureImportance] {
        guard let root = try JSONSerialization.jsonObject(with: modelJSON) as? [String: Any],
            let learner = root["learner"] as? [String: Any],
            let booster = learner["gradient_booster"] as? [String: Any],
            let model = booster["model"] as? [String: Any],
            let trees = model["trees"] as? [[String: Any]]
        else { return [] }
        var columnGain = [Double](repeating: 0, count: encoder.columnCount)
        for tree in trees {
            guard let left = tree["left_children"] as? [NSNumber],
                let features = tree["split_indices"] as? [NSNumber],
                let gains = tree["loss_changes"] as? [NSNumber]
            else { continue }
            for node in left.indices where left[node].intValue != -1 {
                let column = features[node].intValue
                if column >= 0, column < columnGain.count { columnGain[column] += gains[node].doubleValue }
            }
        }
        let perFeature = encoder.featureContributions(columnGain)
        let total = perFeature.reduce(0, +)
        return zip(encoder.schema.names, perFeature)
            .map { FeatureImportance(feature: $0, totalGain: $1, share: total > 0 ? $1 / total : 0) }
            .sorted { $0.totalGain != $1.totalGain ? $0.totalGain > $1.totalGain : $0.feature < $1.feature }
    }
}
