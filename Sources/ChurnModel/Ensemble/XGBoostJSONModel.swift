import Foundation

/// An XGBoost model as read from the JSON that `Booster.save_model("*.json")` writes, in the
/// layouts of XGBoost 1.7 and of 2.x/3.x, reduced to what scoring and TreeSHAP need.
///
/// Reading refuses what the pure-Swift scorer cannot reproduce exactly (categorical splits,
/// multi-class or multi-target models, `dart`/`gblinear`, other objectives) with an
/// ``XGBoostModelError`` naming the JSON path, rather than scoring such a model wrongly.
/// ``TreeEnsemble`` turns it into the flat layout used for scoring.
public struct XGBoostJSONModel: Sendable, Equatable {
    /// The XGBoost version that wrote the file, e.g. `[3, 2, 0]`; empty when the file omits it.
    public var version: [Int]
    public var objective: ModelObjective
    /// `learner.learner_model_param.base_score` as stored (a probability for logistic objectives).
    public var baseScore: Float
    /// `learner.learner_model_param.num_feature`: the width of every input row.
    public var featureCount: Int
    /// `learner.feature_names`, empty when the model was trained without names.
    public var featureNames: [String]
    /// `learner.feature_types` (`"q"`, `"int"`, `"i"`, `"c"`...), empty when absent.
    public var featureTypes: [String]
    public var trees: [DecisionTree]

    public init(
        version: [Int] = [], objective: ModelObjective, baseScore: Float, featureCount: Int,
        featureNames: [String] = [], featureTypes: [String] = [], trees: [DecisionTree]
    ) {
        self.version = version
        self.objective = objective
        self.baseScore = baseScore
        self.featureCount = featureCount
        self.featureNames = featureNames
        self.featureTypes = featureTypes
        self.trees = trees
    }

    /// Reads and validates a model from XGBoost's JSON bytes.
    public init(data: Data) throws(XGBoostModelError) {
        let document: XGBoostJSONDocument
        do {
            document = try JSONDecoder().decode(XGBoostJSONDocument.self, from: data)
        } catch let error as XGBoostModelError {
            throw error
        } catch let error as DecodingError {
            throw Self.modelError(from: error)
        } catch {
            throw .malformed(path: "$", reason: "not readable as JSON (\(error))")
        }
        try self.init(document: document)
    }

    /// The margin every row starts from before the trees add their leaves.
    public var baseMargin: Float { objective.baseMargin(fromBaseScore: baseScore) }

    private init(document: XGBoostJSONDocument) throws(XGBoostModelError) {
        let learner = document.learner
        let parameters = learner.learnerModelParam
        let root = "learner.learner_model_param"

        guard let objective = ModelObjective(rawValue: learner.objective.name) else {
            throw .unsupportedObjective(learner.objective.name)
        }
        guard let featureCount = Int(parameters.numFeature), featureCount > 0 else {
            throw .malformed(
                path: "\(root).num_feature",
                reason: "expected a positive integer, found \"\(parameters.numFeature)\"")
        }
        if let numClass = parameters.numClass {
            guard let classes = Int(numClass) else {
                throw .malformed(path: "\(root).num_class", reason: "expected an integer, found \"\(numClass)\"")
            }
            guard classes <= 1 else { throw .multipleOutputs(path: "\(root).num_class", count: classes) }
        }
        if let numTarget = parameters.numTarget {
            guard let targets = Int(numTarget) else {
                throw .malformed(path: "\(root).num_target", reason: "expected an integer, found \"\(numTarget)\"")
            }
            guard targets <= 1 else { throw .multipleOutputs(path: "\(root).num_target", count: targets) }
        }
        let baseScores = try Self.parseBaseScore(parameters.baseScore, path: "\(root).base_score")
        guard baseScores.count == 1 else {
            throw .multipleOutputs(path: "\(root).base_score", count: baseScores.count)
        }
        let baseScore = baseScores[0]
        guard objective.acceptsBaseScore(baseScore) else {
            throw .malformed(
                path: "\(root).base_score",
                reason: "\(baseScore) is not a valid base score for \(objective.rawValue) (expected 0 < p < 1)")
        }

        let booster = learner.gradientBooster
        guard booster.name == "gbtree", let model = booster.model else {
            throw .unsupportedBooster(booster.name)
        }
        let treesPath = "learner.gradient_booster.model.trees"
        if let treeInfo = model.treeInfo, let group = treeInfo.firstIndex(where: { $0 != 0 }) {
            throw .multipleOutputs(path: "learner.gradient_booster.model.tree_info[\(group)]", count: treeInfo[group] + 1)
        }
        if let declared = model.gbtreeModelParam?.numTrees, Int(declared) != model.trees.count {
            throw .malformed(
                path: "learner.gradient_booster.model.gbtree_model_param.num_trees",
                reason: "declares \(declared) trees but \(treesPath) has \(model.trees.count)")
        }
        var trees: [DecisionTree] = []
        trees.reserveCapacity(model.trees.count)
        for (index, raw) in model.trees.enumerated() {
            trees.append(try raw.decisionTree(index: index, featureCount: featureCount, path: "\(treesPath)[\(index)]"))
        }

        self.init(
            version: document.version ?? [], objective: objective, baseScore: baseScore,
            featureCount: featureCount, featureNames: learner.featureNames ?? [],
            featureTypes: learner.featureTypes ?? [], trees: trees)
    }

    /// `base_score` is `"5E-1"` up to 2.x and `"[5E-1]"` (one entry per target) from 3.0 on.
    static func parseBaseScore(_ text: String, path: String) throws(XGBoostModelError) -> [Float] {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("[") {
            guard body.hasSuffix("]") else {
                throw .malformed(path: path, reason: "unterminated list \"\(text)\"")
            }
            body = body.dropFirst().dropLast()
        }
        var values: [Float] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            let token = part.trimmingCharacters(in: .whitespaces)
            guard let value = Float(token), value.isFinite else {
                throw .malformed(path: path, reason: "expected a number or [number], found \"\(text)\"")
            }
            values.append(value)
        }
        return values
    }

    private static func modelError(from error: DecodingError) -> XGBoostModelError {
        switch error {
        case .keyNotFound(let key, let context):
            return .malformed(path: jsonPath(context.codingPath + [key]), reason: "required field is missing")
        case .typeMismatch(let type, let context):
            return .malformed(path: jsonPath(context.codingPath), reason: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return .malformed(path: jsonPath(context.codingPath), reason: "expected \(type) but found null")
        case .dataCorrupted(let context):
            return .malformed(path: jsonPath(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .malformed(path: "$", reason: "\(error)")
        }
    }

    private static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path.isEmpty ? "$" : path
    }
}
