import ChurnModel

/// How `churnguard train` splits, trains and packages a model.
public struct ModelTrainingOptions: Sendable {
    public var parameters = TrainingParameters()
    /// Snapshot data: distinct dates for validation (early stopping, calibration) and test.
    public var validationSnapshots = 1
    public var testSnapshots = 1
    /// Snapshot data: skip dates whose label window reaches into the next side (0 = none).
    public var embargoDays = 0
    /// Flat data: stratified folds for cross-validation.
    public var folds = 5
    /// Flat data: share of each training fold held out for early stopping (without a search).
    public var earlyStoppingShare = 0.1
    public var seed: UInt64 = 42
    /// The bundle version; a timestamped one when nil.
    public var version: String?
    public var tierThresholds = TierThresholds.default
    /// Seconds the model search may spend (``ModelSearch``); 0 trains `parameters` as given, no search.
    /// The CLI's default is 60; the library's is 0 so that callers opt in.
    public var budgetSeconds = 0.0
    /// Flat data: inner folds of the search inside each outer fold.
    public var innerFolds = 3
    /// Boosted-tree configurations the search may draw besides the defaults.
    public var randomTrials = 40
    /// Where the HIGH tier's cut-off comes from.
    public var highThreshold = HighThresholdSource.fixed
    /// Economics for the cost-optimal threshold: what an offer costs, and what saving a churner is worth.
    public var offerCost = 10.0
    public var valueSaved = 100.0

    public init() {}
}

/// `--high-threshold`: keep the tier cut-off as given, or set HIGH to the F1-optimal or
/// cost-optimal threshold found on held-out calibrated scores.
public enum HighThresholdSource: String, Sendable {
    case fixed
    case f1 = "auto"
    case cost
}
