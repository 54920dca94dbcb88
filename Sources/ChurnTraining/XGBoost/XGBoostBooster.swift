import CXGBoost
import Foundation

/// A libxgboost gradient-boosted model: trained round by round, evaluated, used for prediction and
/// SHAP contributions, and saved to / loaded from XGBoost's own JSON model format.
///
/// It owns its `BoosterHandle` and frees it on deinit. Not `Sendable`: one booster is driven by one
/// task (libxgboost does not promise that concurrent configuration and prediction are safe).
public final class XGBoostBooster {
    let handle: BoosterHandle
    /// The matrices libxgboost caches predictions for; kept alive as long as the booster.
    private let cache: [XGBoostMatrix]

    /// Creates an untrained booster that caches predictions for `cache` (pass the training and
    /// evaluation matrices).
    public init(cache: [XGBoostMatrix] = []) throws {
        var created: BoosterHandle?
        let handles: [DMatrixHandle?] = cache.map(\.handle)
        try handles.withUnsafeBufferPointer { buffer in
            try XGBoostError.check(
                XGBoosterCreate(buffer.baseAddress, UInt64(buffer.count), &created), "XGBoosterCreate")
        }
        guard let created else {
            throw XGBoostError(call: "XGBoosterCreate", message: "libxgboost returned no booster handle")
        }
        handle = created
        self.cache = cache
    }

    /// Loads a model from XGBoost's JSON (or UBJSON) model bytes, as ``saveJSON()`` writes them.
    public convenience init(json: Data) throws {
        try self.init()
        try loadJSON(json)
    }

    private init(adopting handle: BoosterHandle) {
        self.handle = handle
        self.cache = []
    }

    deinit {
        XGBoosterFree(handle)
    }

    // MARK: Configuration

    public func setParameter(_ name: String, _ value: String) throws {
        try XGBoostError.check(XGBoosterSetParam(handle, name, value), "XGBoosterSetParam(\(name)=\(value))")
    }

    /// Sets every parameter, in key order so that runs are reproducible.
    public func setParameters(_ parameters: [String: String]) throws {
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            try setParameter(name, value)
        }
    }

    /// Names the model's features; saved into the JSON model as `feature_names`.
    public func setFeatureNames(_ names: [String]) throws {
        try setStringInfo("feature_name", names)
    }

    /// Sets the model's feature types ("q", "i", "int", "float"); saved as `feature_types`.
    public func setFeatureTypes(_ types: [String]) throws {
        try setStringInfo("feature_type", types)
    }

    public func featureNames() throws -> [String] { try stringInfo("feature_name") }
    public func featureTypes() throws -> [String] { try stringInfo("feature_type") }

    /// Number of input features the model expects.
    public func featureCount() throws -> Int {
        var count: UInt64 = 0
        try XGBoostError.check(XGBoosterGetNumFeature(handle, &count), "XGBoosterGetNumFeature")
        return Int(count)
    }

    /// Sets a string attribute; attributes are saved in the JSON model.
    public func setAttribute(_ key: String, _ value: String?) throws {
        try XGBoostError.check(XGBoosterSetAttr(handle, key, value), "XGBoosterSetAttr(\(key))")
    }

    /// The attribute `key`, or `nil` when it is not set.
    public func attribute(_ key: String) throws -> String? {
        var value: UnsafePointer<CChar>?
        var success: Int32 = 0
        try XGBoostError.check(XGBoosterGetAttr(handle, key, &value, &success), "XGBoosterGetAttr(\(key))")
        guard success != 0, let value else { return nil }
        return String(cString: value)
    }

    /// The best round (0-based) recorded by early stopping, from the `best_iteration` attribute.
    public func bestIteration() throws -> Int? {
        try attribute("best_iteration").flatMap { Int($0) }
    }

    // MARK: Training

    /// Number of boosting rounds the model holds.
    public func boostedRounds() throws -> Int {
        var rounds: Int32 = 0
        try XGBoostError.check(XGBoosterBoostedRounds(handle, &rounds), "XGBoosterBoostedRounds")
        return Int(rounds)
    }

    /// Runs boosting round `iteration` (0-based) on `train`, which must carry labels.
    public func updateOneIteration(_ iteration: Int, train: XGBoostMatrix) throws {
        try XGBoostError.check(
            XGBoosterUpdateOneIter(handle, Int32(iteration), train.handle), "XGBoosterUpdateOneIter")
    }

    /// Evaluates the configured `eval_metric`s on each named matrix after round `iteration`.
    public func evaluate(
        iteration: Int, on datasets: [(name: String, matrix: XGBoostMatrix)]
    ) throws -> [XGBoostEvaluation] {
        let line = try evaluationLine(iteration: iteration, on: datasets)
        return XGBoostEvaluation.parse(line, datasets: datasets.map(\.name))
    }

    /// libxgboost's raw evaluation text, e.g. `"[0]\ttrain-auc:0.91\tvalid-auc:0.84"`.
    public func evaluationLine(
        iteration: Int, on datasets: [(name: String, matrix: XGBoostMatrix)]
    ) throws -> String {
        var handles: [DMatrixHandle?] = datasets.map(\.matrix.handle)
        var result: UnsafePointer<CChar>?
        try withCStringArray(datasets.map(\.name)) { names in
            try handles.withUnsafeMutableBufferPointer { buffer in
                try XGBoostError.check(
                    XGBoosterEvalOneIter(
                        handle, Int32(iteration), buffer.baseAddress, names, UInt64(buffer.count), &result),
                    "XGBoosterEvalOneIter")
            }
        }
        return result.map { String(cString: $0) } ?? ""
    }

    /// A new booster holding only rounds `rounds` of this one (parameters and feature info kept).
    public func sliced(rounds: Range<Int>) throws -> XGBoostBooster {
        var sliced: BoosterHandle?
        try XGBoostError.check(
            XGBoosterSlice(handle, Int32(rounds.lowerBound), Int32(rounds.upperBound), 1, &sliced),
            "XGBoosterSlice(\(rounds.lowerBound)..<\(rounds.upperBound))")
        guard let sliced else {
            throw XGBoostError(call: "XGBoosterSlice", message: "libxgboost returned no booster handle")
        }
        return XGBoostBooster(adopting: sliced)
    }

    // MARK: Prediction

    /// One prediction per row: probabilities (for binary:logistic), or raw log-odds margins when
    /// `outputMargin` is true.
    ///
    /// - Parameter threads: when given, sets the booster's `nthread` before predicting (0 = all).
    public func predict(_ matrix: XGBoostMatrix, outputMargin: Bool = false, threads: Int? = nil) throws -> [Float] {
        if let threads { try setParameter("nthread", String(threads)) }
        return try predict(matrix, type: outputMargin ? 1 : 0).values
    }

    /// Per-row SHAP contributions (TreeSHAP, exact): `columnCount` feature contributions followed by
    /// the bias term; each row sums to the row's margin.
    public func predictContributions(_ matrix: XGBoostMatrix, threads: Int? = nil) throws -> [[Float]] {
        if let threads { try setParameter("nthread", String(threads)) }
        let (values, shape) = try predict(matrix, type: 2)
        let width = shape.last ?? 0
        guard width > 0 else { return [] }
        return stride(from: 0, to: values.count, by: width).map { Array(values[$0..<$0 + width]) }
    }

    private func predict(_ matrix: XGBoostMatrix, type: Int) throws -> (values: [Float], shape: [Int]) {
        try checkColumns(of: matrix)
        let config = #"{"type": \#(type), "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}"#
        var shapePointer: UnsafePointer<UInt64>?
        var dimension: UInt64 = 0
        var result: UnsafePointer<Float>?
        try XGBoostError.check(
            XGBoosterPredictFromDMatrix(handle, matrix.handle, config, &shapePointer, &dimension, &result),
            "XGBoosterPredictFromDMatrix")
        let shape = shapePointer.map { pointer in (0..<Int(dimension)).map { Int(pointer[$0]) } } ?? []
        let count = shape.reduce(1, *)
        guard let result, !shape.isEmpty else { return ([], shape) }
        return (Array(UnsafeBufferPointer(start: result, count: count)), shape)
    }

    /// libxgboost 1.7 silently treats absent trailing columns as missing, which would score a
    /// misaligned table without complaint; refuse a column count or names that differ instead.
    private func checkColumns(of matrix: XGBoostMatrix) throws {
        let expected = try featureCount()
        guard expected == 0 || matrix.columnCount == expected else {
            throw TrainingError.shapeMismatch(
                field: "prediction matrix", expected: "\(expected) columns (the model's features)",
                actual: "\(matrix.columnCount) columns")
        }
        let modelNames = try featureNames()
        let matrixNames = try matrix.featureNames()
        guard modelNames.isEmpty || matrixNames.isEmpty || modelNames == matrixNames else {
            throw TrainingError.shapeMismatch(
                field: "prediction matrix feature names", expected: modelNames.joined(separator: ","),
                actual: matrixNames.joined(separator: ","))
        }
    }

    // MARK: Serialization

    /// The model in XGBoost's JSON format, exactly as libxgboost writes it.
    public func saveJSON() throws -> Data {
        var length: UInt64 = 0
        var bytes: UnsafePointer<CChar>?
        try XGBoostError.check(
            XGBoosterSaveModelToBuffer(handle, #"{"format": "json"}"#, &length, &bytes), "XGBoosterSaveModelToBuffer")
        guard let bytes else { return Data() }
        return Data(bytes: bytes, count: Int(length))
    }

    /// Replaces this booster's model with one in XGBoost's JSON (or UBJSON) format.
    public func loadJSON(_ json: Data) throws {
        try json.withUnsafeBytes { buffer in
            try XGBoostError.check(
                XGBoosterLoadModelFromBuffer(handle, buffer.baseAddress, UInt64(buffer.count)),
                "XGBoosterLoadModelFromBuffer")
        }
    }

    // MARK: Feature info

    private func setStringInfo(_ field: String, _ strings: [String]) throws {
        try withCStringArray(strings) { pointers in
            try XGBoostError.check(
                XGBoosterSetStrFeatureInfo(handle, field, pointers, UInt64(strings.count)),
                "XGBoosterSetStrFeatureInfo(\(field))")
        }
    }

    private func stringInfo(_ field: String) throws -> [String] {
        var count: UInt64 = 0
        var pointer: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        try XGBoostError.check(
            XGBoosterGetStrFeatureInfo(handle, field, &count, &pointer), "XGBoosterGetStrFeatureInfo(\(field))")
        return stringArray(pointer, count: count)
    }
}
