/// How a model did on data it never trained on, next to what a team would get without it.
///
/// `raw` scores the model's own probabilities, `calibrated` the same after the bundle's calibrator;
/// the baselines are scored on exactly the same rows.
public struct ModelEvaluation: Codable, Sendable {
    /// What the rows are: "test snapshots 2025-10-01" or "5-fold out-of-fold predictions".
    public var dataset: String
    public var rows: Int
    public var positives: Int
    public var raw: BinaryClassificationReport
    public var calibrated: BinaryClassificationReport
    public var baselines: [BaselineResult]
    /// Per-fold ROC-AUC for cross-validated (flat) data.
    public var foldAUCs: [Double]?

    public init(
        dataset: String, rows: Int, positives: Int, raw: BinaryClassificationReport,
        calibrated: BinaryClassificationReport, baselines: [BaselineResult], foldAUCs: [Double]? = nil
    ) {
        self.dataset = dataset
        self.rows = rows
        self.positives = positives
        self.raw = raw
        self.calibrated = calibrated
        self.baselines = baselines
        self.foldAUCs = foldAUCs
    }
}

/// A baseline scored on the evaluation rows: logistic regression, or the rule a team would use.
public struct BaselineResult: Codable, Sendable {
    public var name: String
    public var description: String
    public var report: BinaryClassificationReport

    public init(name: String, description: String, report: BinaryClassificationReport) {
        self.name = name
        self.description = description
        self.report = report
    }
}
