import Foundation

/// The XGBoost objectives whose margin the scorer can turn into a churn probability.
///
/// It fixes two things exactly as libxgboost does them, in single precision: how the stored
/// `base_score` becomes the starting margin, and how a margin becomes a probability.
public enum ModelObjective: String, Sendable, Equatable, CaseIterable, Codable {
    case binaryLogistic = "binary:logistic"
    case regLogistic = "reg:logistic"
    /// XGBoost itself outputs the raw margin for this one; ``TreeEnsemble/probability(row:)``
    /// still applies the sigmoid, since the margin is a log-odds.
    case binaryLogitRaw = "binary:logitraw"

    /// The margin every row starts from. XGBoost stores `base_score` as a probability for the
    /// logistic objectives and converts it with `ProbToMargin`: `-logf(1 / p - 1)`; `logitraw`
    /// stores the margin itself.
    public func baseMargin(fromBaseScore baseScore: Float) -> Float {
        switch self {
        case .binaryLogistic, .regLogistic:
            return -Foundation.log(1 / baseScore - 1)
        case .binaryLogitRaw:
            return baseScore
        }
    }

    /// Whether `baseScore` is a value XGBoost accepts for this objective.
    public func acceptsBaseScore(_ baseScore: Float) -> Bool {
        switch self {
        case .binaryLogistic, .regLogistic: return baseScore > 0 && baseScore < 1
        case .binaryLogitRaw: return baseScore.isFinite
        }
    }

    /// XGBoost's `common::Sigmoid`: the exponent is clamped at 88.7 so that `expf` stays finite.
    @inlinable
    public static func sigmoid(_ margin: Float) -> Float {
        let exponent = Swift.min(-margin, 88.7 as Float)
        return 1 / (Foundation.exp(exponent) + 1 + 1e-16)
    }
}
