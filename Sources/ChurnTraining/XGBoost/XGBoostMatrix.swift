import CXGBoost

/// A libxgboost `DMatrix`: a dense feature matrix with labels and optional weights, ready for
/// training, evaluation and prediction through ``XGBoostBooster``.
///
/// It owns its `DMatrixHandle` and frees it on deinit, so it is a class; it is not `Sendable`
/// because libxgboost gives no guarantee about concurrent use of one handle. libxgboost copies
/// the values on creation, so the Swift arrays need not outlive the matrix.
public final class XGBoostMatrix {
    let handle: DMatrixHandle

    /// Number of rows and feature columns, as given at creation.
    public let rowCount: Int
    public let columnCount: Int

    /// Creates a matrix from `values` in row-major order; NaN marks a missing value.
    ///
    /// - Parameters:
    ///   - labels: one per row, or `nil` for a matrix only used for prediction.
    ///   - weights: one per row (instance weights), or `nil` for equal weights.
    ///   - threads: threads used to build the matrix; 0 uses all cores.
    public init(
        values: [Float], rowCount: Int, columnCount: Int,
        labels: [Float]? = nil, weights: [Float]? = nil, threads: Int = 0
    ) throws {
        guard rowCount >= 0, columnCount > 0 else {
            throw TrainingError.shapeMismatch(
                field: "matrix", expected: "at least one column and no negative row count",
                actual: "\(rowCount) rows x \(columnCount) columns")
        }
        guard values.count == rowCount * columnCount else {
            throw TrainingError.shapeMismatch(
                field: "values", expected: "\(rowCount) x \(columnCount) = \(rowCount * columnCount) values",
                actual: "\(values.count) values")
        }
        if let labels, labels.count != rowCount {
            throw TrainingError.shapeMismatch(
                field: "labels", expected: "\(rowCount) labels (one per row)", actual: "\(labels.count) labels")
        }
        if let weights, weights.count != rowCount {
            throw TrainingError.shapeMismatch(
                field: "weights", expected: "\(rowCount) weights (one per row)", actual: "\(weights.count) weights")
        }
        var created: DMatrixHandle?
        try values.withUnsafeBufferPointer { buffer in
            try XGBoostError.check(
                XGDMatrixCreateFromMat_omp(
                    buffer.baseAddress, UInt64(rowCount), UInt64(columnCount), Float.nan, &created,
                    Int32(threads)),
                "XGDMatrixCreateFromMat")
        }
        guard let created else {
            throw XGBoostError(call: "XGDMatrixCreateFromMat", message: "libxgboost returned no matrix handle")
        }
        handle = created
        self.rowCount = rowCount
        self.columnCount = columnCount
        // From here on deinit frees the handle if a setter below throws.
        if let labels { try setFloatInfo("label", labels) }
        if let weights { try setFloatInfo("weight", weights) }
    }

    deinit {
        XGDMatrixFree(handle)
    }

    /// Names the columns; a booster trained on this matrix writes them into its JSON model.
    public func setFeatureNames(_ names: [String]) throws {
        try setStringInfo("feature_name", names)
    }

    /// Sets XGBoost's per-column types: "q" (quantitative), "i" (indicator), "int" or "float".
    public func setFeatureTypes(_ types: [String]) throws {
        try setStringInfo("feature_type", types)
    }

    /// The column names set on this matrix (empty when none were set).
    public func featureNames() throws -> [String] {
        try stringInfo("feature_name")
    }

    /// The column types set on this matrix (empty when none were set).
    public func featureTypes() throws -> [String] {
        try stringInfo("feature_type")
    }

    /// The labels stored in libxgboost (empty when none were set).
    public func labels() throws -> [Float] {
        var length: UInt64 = 0
        var pointer: UnsafePointer<Float>?
        try XGBoostError.check(XGDMatrixGetFloatInfo(handle, "label", &length, &pointer), "XGDMatrixGetFloatInfo")
        guard let pointer else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    private func setFloatInfo(_ field: String, _ values: [Float]) throws {
        try values.withUnsafeBufferPointer { buffer in
            try XGBoostError.check(
                XGDMatrixSetFloatInfo(handle, field, buffer.baseAddress, UInt64(buffer.count)),
                "XGDMatrixSetFloatInfo(\(field))")
        }
    }

    private func setStringInfo(_ field: String, _ strings: [String]) throws {
        guard strings.count == columnCount else {
            throw TrainingError.shapeMismatch(
                field: field, expected: "\(columnCount) entries (one per column)", actual: "\(strings.count) entries")
        }
        try withCStringArray(strings) { pointers in
            try XGBoostError.check(
                XGDMatrixSetStrFeatureInfo(handle, field, pointers, UInt64(strings.count)),
                "XGDMatrixSetStrFeatureInfo(\(field))")
        }
    }

    private func stringInfo(_ field: String) throws -> [String] {
        var count: UInt64 = 0
        var pointer: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        try XGBoostError.check(
            XGDMatrixGetStrFeatureInfo(handle, field, &count, &pointer), "XGDMatrixGetStrFeatureInfo(\(field))")
        return stringArray(pointer, count: count)
    }
}
