import Foundation

/// What a bundle's `model.json` holds: an XGBoost tree ensemble (the usual case, loadable by any
/// XGBoost) or ChurnGuard's logistic-regression format (``LinearModel``), chosen by `train` when it
/// scores better. Scorers go through this type, so both serve, score and explain the same way.
public enum ScoringModel: Sendable {
    case trees(TreeEnsemble)
    case linear(LinearModel)

    /// The manifest's name for each kind (`BundleManifest.modelKind`).
    public enum Kind: String, Codable, Sendable {
        case xgboost
        case logisticRegression = "logistic_regression"
    }

    public var kind: Kind {
        switch self {
        case .trees: return .xgboost
        case .linear: return .logisticRegression
        }
    }

    /// Parses `model.json` as the manifest says it was written.
    public init(kind: Kind, json: Data) throws {
        switch kind {
        case .xgboost: self = .trees(try TreeEnsemble(xgboostJSON: json))
        case .logisticRegression: self = .linear(try JSONDecoder().decode(LinearModel.self, from: json))
        }
    }

    public var featureCount: Int {
        switch self {
        case .trees(let ensemble): return ensemble.featureCount
        case .linear(let model): return model.featureCount
        }
    }

    /// Column names stored in the model (may be empty for an XGBoost model saved without them).
    public var featureNames: [String] {
        switch self {
        case .trees(let ensemble): return ensemble.featureNames
        case .linear(let model): return model.columnNames
        }
    }

    /// Raw (uncalibrated) probabilities for `rowCount` encoded rows, row-major.
    public func probabilities(matrix: [Float], rowCount: Int) throws(EnsembleInputError) -> [Float] {
        switch self {
        case .trees(let ensemble): return try ensemble.probabilities(matrix: matrix, rowCount: rowCount)
        case .linear(let model):
            guard matrix.count == rowCount * model.featureCount else {
                throw .bufferSize(name: "matrix", expected: rowCount * model.featureCount, actual: matrix.count)
            }
            return model.probabilities(matrix: matrix, rowCount: rowCount).map(Float.init)
        }
    }

    /// A short description for people: "111 trees of depth ≤ 6" or "logistic regression over 40 columns".
    public var summary: String {
        switch self {
        case .trees(let ensemble): return "\(ensemble.treeCount) trees of depth ≤ \(ensemble.maxDepth)"
        case .linear(let model): return "logistic regression (C = \(model.c)) over \(model.featureCount) columns"
        }
    }
}
