import ChurnModel

/// Runs ``FeatureDriftDetector`` over every feature of a schema that has a reference, the features
/// spread over `workers` threads (a million rows × 50 features is mostly sorting), and applies the
/// dataset drift rule.
public struct DatasetDriftDetector: Sendable {
    public var configuration: DriftConfiguration
    public var workers: Int

    public init(configuration: DriftConfiguration = DriftConfiguration(), workers: Int = 2) {
        self.configuration = configuration
        self.workers = max(1, workers)
    }

    /// `columns` holds the current values in schema order. Features without a reference in the
    /// bundle are left out (an imported model may have none).
    public func measure(schema: FeatureSchema, references: [ReferenceDistribution], columns: [CurrentColumn]) -> DatasetDriftReport {
        precondition(columns.count == schema.features.count, "one current column per schema feature")
        let byName = Dictionary(references.map { ($0.feature, $0) }, uniquingKeysWith: { first, _ in first })
        let jobs = schema.features.indices.compactMap { index -> (ReferenceDistribution, String, CurrentColumn)? in
            guard let reference = byName[schema.features[index].name] else { return nil }
            return (reference, schema.features[index].kind.rawValue, columns[index])
        }
        let detector = FeatureDriftDetector(configuration: configuration)
        let slices = ParallelRows.slices(of: 0..<jobs.count, pieces: workers)
        let rows = ParallelRows.mapSlices(slices) { slice in
            slice.map { detector.measure(reference: jobs[$0].0, kind: jobs[$0].1, current: jobs[$0].2) }
        }.flatMap { $0 }
        return DatasetDriftReport(features: rows, threshold: configuration.datasetDriftShare)
    }
}
