/// Every threshold monitoring applies, in one value, with Evidently's and NannyML's defaults.
///
/// Small references (at most ``smallReferenceRows`` training rows) are judged by tests with
/// p-values (KS for numbers, chi-square for categories), which are trustworthy there; large ones by
/// distances (normed Wasserstein, Jensen–Shannon), because on hundreds of thousands of rows a test
/// calls every negligible shift significant.
public struct DriftConfiguration: Sendable, Codable, Equatable {
    /// A reference of at most this many rows is tested with KS / chi-square, a larger one measured
    /// with normed Wasserstein / Jensen–Shannon.
    public var smallReferenceRows = 1_000
    /// KS and chi-square call drift when the p-value is below this.
    public var pValueThreshold = 0.05
    /// Normed Wasserstein (distance / reference standard deviation) calls drift at or above this.
    public var wassersteinThreshold = 0.1
    /// Jensen–Shannon distance (natural log) calls drift at or above this.
    public var jensenShannonThreshold = 0.1
    /// PSI bands, reported beside the method: warn at or above the first, alert at or above the second.
    public var psiWarn = 0.1
    public var psiAlert = 0.2
    /// A feature's missing share rising by this much (absolute) over the reference is a warning.
    public var missingShareIncrease = 0.05
    /// The dataset drifts when at least this share of its features drift.
    public var datasetDriftShare = 0.5
    /// Concept drift: realized ROC-AUC at least this far below the model's test ROC-AUC.
    public var conceptDriftROCAUCDrop = 0.03
    /// Outcome drift (``OutcomeDrift``): observed churners at least this many times the expected
    /// number (or at most its inverse)…
    public var outcomeDriftRatio = 1.5
    /// …and this many standard deviations away from it, so that a handful of churners is no signal.
    public var outcomeDriftZScore = 3.0
    /// Days of outcomes after a scoring day before they are compared (fewer churns are noise).
    public var outcomeDriftMinimumDays = 14

    public init() {}
}
