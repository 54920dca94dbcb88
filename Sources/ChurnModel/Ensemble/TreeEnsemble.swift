import Foundation

/// A boosted tree ensemble laid out for fast scoring: every node of every tree in one flat array
/// of 16-byte ``PackedNode``s, with child indices already global, so that walking a tree touches
/// one small contiguous block and no per-tree indirection.
///
/// It reproduces libxgboost's prediction bit for bit: go left iff `value < threshold` in `Float`,
/// a NaN follows the node's default direction, and each row's margin starts at the base margin
/// and adds one leaf per tree, in tree order, in `Float` (see `TreeEnsemble+Scoring.swift`).
/// ``TreeSHAP`` explains its margins. Build one with ``init(xgboostJSON:)``.
public struct TreeEnsemble: Sendable {
    /// One tree node in scoring layout.
    ///
    /// `featureAndDefault` holds the split feature in its low 31 bits and "missing goes left" in
    /// the top bit; `value` is the threshold of an internal node or the output of a leaf (as in
    /// XGBoost, where the two share storage); a leaf has `left == -1`.
    @frozen
    public struct PackedNode: Sendable, Equatable {
        public var featureAndDefault: UInt32
        public var value: Float
        public var left: Int32
        public var right: Int32

        @inlinable public var isLeaf: Bool { left < 0 }
        @inlinable public var feature: Int { Int(featureAndDefault & 0x7FFF_FFFF) }
        @inlinable public var defaultLeft: Bool { featureAndDefault & 0x8000_0000 != 0 }
        /// The child a NaN goes to.
        @inlinable public var defaultChild: Int32 { defaultLeft ? left : right }
    }

    public let objective: ModelObjective
    /// Number of input columns each row must have.
    public let featureCount: Int
    /// Column names from the model file; empty when it had none.
    public let featureNames: [String]
    /// The margin every row starts from (XGBoost's `base_score` after `ProbToMargin`).
    public let baseMargin: Float
    /// All nodes of all trees; tree `t` starts at `roots[t]`.
    public let nodes: [PackedNode]
    /// Index in ``nodes`` of each tree's root.
    public let roots: [Int32]
    /// Each node's cover (XGBoost `sum_hess`), indexed like ``nodes``; TreeSHAP weighs by it.
    public let covers: [Float]
    /// Depth of the deepest leaf over all trees.
    public let maxDepth: Int

    public var treeCount: Int { roots.count }

    /// Reads an XGBoost JSON model (1.7 or 2.x/3.x layout) and lays it out for scoring.
    public init(xgboostJSON data: Data) throws(XGBoostModelError) {
        try self.init(model: XGBoostJSONModel(data: data))
    }

    public init(model: XGBoostJSONModel) throws(XGBoostModelError) {
        try self.init(
            trees: model.trees, featureCount: model.featureCount,
            baseMargin: model.baseMargin, objective: model.objective, featureNames: model.featureNames)
    }

    /// Builds an ensemble from trees in XGBoost's array layout, validating each one.
    public init(
        trees: [DecisionTree], featureCount: Int, baseMargin: Float,
        objective: ModelObjective = .binaryLogistic, featureNames: [String] = []
    ) throws(XGBoostModelError) {
        guard featureCount > 0 else {
            throw .malformed(path: "learner.learner_model_param.num_feature", reason: "must be positive")
        }
        if !featureNames.isEmpty, featureNames.count != featureCount {
            throw .malformed(
                path: "learner.feature_names",
                reason: "has \(featureNames.count) names but num_feature is \(featureCount)")
        }
        var nodes: [PackedNode] = []
        var covers: [Float] = []
        var roots: [Int32] = []
        var deepest = 0
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.nodeCount })
        for (index, tree) in trees.enumerated() {
            let depth = try tree.validate(featureCount: featureCount, path: "learner.gradient_booster.model.trees[\(index)]")
            deepest = max(deepest, depth)
            guard nodes.count + tree.nodeCount < Int(Int32.max) else {
                throw .malformed(path: "learner.gradient_booster.model.trees[\(index)]", reason: "the ensemble has more than 2^31 nodes")
            }
            let offset = Int32(nodes.count)
            roots.append(offset)
            for node in 0..<tree.nodeCount {
                let leaf = tree.isLeaf(node)
                let feature = leaf ? 0 : UInt32(tree.splitIndices[node])
                nodes.append(PackedNode(
                    featureAndDefault: feature | (tree.defaultLeft[node] && !leaf ? 0x8000_0000 : 0),
                    value: tree.splitConditions[node],
                    left: leaf ? -1 : offset + tree.leftChildren[node],
                    right: leaf ? -1 : offset + tree.rightChildren[node]))
                covers.append(tree.sumHessian[node])
            }
        }
        self.objective = objective
        self.featureCount = featureCount
        self.featureNames = featureNames
        self.baseMargin = baseMargin
        self.nodes = nodes
        self.roots = roots
        self.covers = covers
        self.maxDepth = deepest
    }
}
