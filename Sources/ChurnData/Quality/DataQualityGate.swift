import ChurnModel

/// Decides whether data is fit to build features from or to train on, before anything is written
/// downstream.
///
/// Three checks, per column: completeness (share of rows with a value) of every required column
/// must reach ``Thresholds/minCompleteness`` (99.5%); the share of cells of the wrong type, outside
/// the contract's bounds or categories, or unreadable must not exceed ``Thresholds/maxInvalidShare``;
/// and the share of numeric values with |z| > ``Thresholds/outlierZ`` is reported for every numeric
/// column and fails the gate above ``Thresholds/maxOutlierShare`` (1%) where the column enforces it.
/// Works on the raw tables (``check(raw:)``) and on a feature table (``check(featureTableAt:reportOnlyOutliers:)``).
public struct DataQualityGate: Sendable {
    public struct Thresholds: Sendable, Equatable {
        public var minCompleteness: Double
        public var maxInvalidShare: Double
        public var maxOutlierShare: Double
        public var outlierZ: Double

        public init(minCompleteness: Double = 0.995, maxInvalidShare: Double = 0, maxOutlierShare: Double = 0.01, outlierZ: Double = 4) {
            self.minCompleteness = minCompleteness
            self.maxInvalidShare = maxInvalidShare
            self.maxOutlierShare = maxOutlierShare
            self.outlierZ = outlierZ
        }
    }

    public var thresholds: Thresholds

    public init(thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
    }

    /// Turns column figures into a report with its failures.
    func report(subject: String, checks: [ColumnCheck], examples: [String]) -> DataQualityReport {
        var columns: [ColumnQuality] = []
        var failures: [QualityFailure] = []
        var allExamples = examples
        for check in checks {
            let quality = check.quality
            columns.append(quality)
            if quality.required, quality.completeness < thresholds.minCompleteness {
                failures.append(QualityFailure(
                    table: quality.table, column: quality.column, figure: .completeness,
                    value: quality.completeness, threshold: thresholds.minCompleteness))
            }
            if quality.invalidShare > thresholds.maxInvalidShare {
                failures.append(QualityFailure(
                    table: quality.table, column: quality.column, figure: .invalidShare,
                    value: quality.invalidShare, threshold: thresholds.maxInvalidShare))
            }
            if let outliers = quality.outliers, outliers.enforced, outliers.share > thresholds.maxOutlierShare {
                failures.append(QualityFailure(
                    table: quality.table, column: quality.column, figure: .outlierShare,
                    value: outliers.share, threshold: thresholds.maxOutlierShare, zLimit: thresholds.outlierZ))
            }
            if let problem = check.firstProblem, allExamples.count < 20 { allExamples.append(problem) }
        }
        var report = DataQualityReport(subject: subject, columns: columns, failures: failures, examples: allExamples)
        report.outlierZ = thresholds.outlierZ
        return report
    }
}
