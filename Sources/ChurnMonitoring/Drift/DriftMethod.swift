/// How one column's drift was measured; the raw values are what the report and `--json` show.
public enum DriftMethod: String, Sendable, Codable, Equatable {
    /// Two-sample Kolmogorov–Smirnov p-value (drift below the threshold).
    case kolmogorovSmirnov = "ks"
    /// Wasserstein distance over the reference standard deviation (drift at or above).
    case wasserstein = "wasserstein_normed"
    /// Chi-square goodness-of-fit p-value (drift below the threshold).
    case chiSquare = "chisquare"
    /// Jensen–Shannon distance over categories (drift at or above).
    case jensenShannon = "jensenshannon"
    /// Jensen–Shannon distance over the reference's decile bins: the fallback for numeric features
    /// of bundles written before reference samples existed.
    case binnedJensenShannon = "jensenshannon_binned"

    /// True when the value is a p-value (drift when it is small), false for distances.
    public var isPValue: Bool { self == .kolmogorovSmirnov || self == .chiSquare }
}
