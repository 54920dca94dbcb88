import Foundation

/// Why an XGBoost JSON model could not be turned into a ``TreeEnsemble``.
///
/// Every case names the JSON path (or tree and node) at fault and says what to do, so that a
/// rejected model import can be fixed without reading this code.
public enum XGBoostModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not the JSON XGBoost writes, or a field is missing or has the wrong shape.
    case malformed(path: String, reason: String)
    /// The objective is not one whose margin this scorer can turn into a churn probability.
    case unsupportedObjective(String)
    /// A booster other than `gbtree` (e.g. `dart`, `gblinear`).
    case unsupportedBooster(String)
    /// A multi-class model (`num_class` > 1) or one with several targets.
    case multipleOutputs(path: String, count: Int)
    /// A tree node splits on a categorical feature (`split_type` != 0).
    case categoricalSplit(tree: Int, node: Int)

    public var description: String {
        switch self {
        case .malformed(let path, let reason):
            return "XGBoost model is malformed at \(path): \(reason). Re-save the model with "
                + "Booster.save_model(\"model.json\") from XGBoost 1.7 or later."
        case .unsupportedObjective(let name):
            return "XGBoost objective '\(name)' is not supported (learner.objective.name); train with "
                + "binary:logistic, reg:logistic or binary:logitraw."
        case .unsupportedBooster(let name):
            return "XGBoost booster '\(name)' is not supported (learner.gradient_booster.name); train "
                + "with booster=gbtree."
        case .multipleOutputs(let path, let count):
            return "XGBoost model has \(count) outputs (\(path)); only single-output binary models are "
                + "supported: train one binary:logistic model."
        case .categoricalSplit(let tree, let node):
            return "XGBoost tree \(tree) node \(node) uses a categorical split "
                + "(learner.gradient_booster.model.trees[\(tree)].split_type[\(node)] != 0); one-hot "
                + "encode categorical features (FeatureEncoder) and retrain without enable_categorical."
        }
    }
}
