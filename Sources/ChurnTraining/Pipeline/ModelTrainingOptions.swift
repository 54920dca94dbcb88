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
    /// Flat data: share of each training fold held out for early stopping.
    public var earlyStoppingShare = 0.1
    public var seed: UInt64 = 42
    /// The bundle version; a timestamped one when nil.
    public var version: String?
    public var tierThresholds = TierThresholds.default

    public init() {}
}
