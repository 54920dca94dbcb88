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
    /// `featureAndDefault` holds the split feature in its low 30 bits, "this is a leaf" in bit 30
    /// and "missing goes left" in bit 31; `value` is the threshold of an internal node or the
    /// output of a leaf (as in XGBoost, where the two share storage). A leaf's children are the
    /// leaf itself, so a walk may take a fixed number of steps (the tree's depth) without testing
    /// for leaves and still end on the right one.
    @frozen
    public struct PackedNode: Sendable, Equatable {
        public var featureAndDefault: UInt32
        public var value: Float
        public var left: Int32
        public var right: Int32

        @inlinable public var isLeaf: Bool { featureAndDefault & 0x4000_0000 != 0 }
        @inlinable public var feature: Int { Int(featureAndDefault & 0x3FFF_FFFF) }
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
    /// All nodes of all trees, each tree breadth-first (so `right == left + 1`); tree `t` starts
    /// at `roots[t]`. Node numbers therefore differ from the JSON file's.
    public let nodes: [PackedNode]
    /// Index in ``nodes`` of each tree's root.
    public let roots: [Int32]
    /// Each node's cover (XGBoost `sum_hess`), indexed like ``nodes``; TreeSHAP weighs by it.
    public let covers: [Float]
    /// Depth of each tree's deepest leaf (0 for a single leaf).
    public let depths: [Int32]
    /// Depth of the deepest leaf over all trees.
    public var maxDepth: Int { Int(depths.max() ?? 0) }

    public var treeCount: Int { roots.count }

    /// The same trees padded to complete heaps for the fast scoring paths; nil when the ensemble
    /// cannot be laid out that way (see ``CompleteTrees``), and scoring walks ``nodes`` instead.
    let completeTrees: CompleteTrees?

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
        guard featureCount > 0, featureCount < 0x4000_0000 else {
            throw .malformed(path: "learner.learner_model_param.num_feature", reason: "must be between 1 and 2^30 - 1")
        }
        if !featureNames.isEmpty, featureNames.count != featureCount {
            throw .malformed(
                path: "learner.feature_names",
                reason: "has \(featureNames.count) names but num_feature is \(featureCount)")
        }
        var nodes: [PackedNode] = []
        var covers: [Float] = []
        var roots: [Int32] = []
        var depths: [Int32] = []
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.nodeCount })
        for (index, tree) in trees.enumerated() {
            let depth = try tree.validate(featureCount: featureCount, path: "learner.gradient_booster.model.trees[\(index)]")
            depths.append(Int32(depth))
            guard nodes.count + tree.nodeCount < Int(Int32.max) else {
                throw .malformed(path: "learner.gradient_booster.model.trees[\(index)]", reason: "the ensemble has more than 2^31 nodes")
            }
            let offset = Int32(nodes.count)
            roots.append(offset)
            // Breadth-first order puts every right child right after its left sibling, so the
            // walk picks a child with an add instead of a branch, and upper levels share cache lines.
            var order = [0]
            var position = [Int32](repeating: -1, count: tree.nodeCount)
            position[0] = 0
            var cursor = 0
            while cursor < order.count {
                let node = order[cursor]
                cursor += 1
                guard !tree.isLeaf(node) else { continue }
                for child in [Int(tree.leftChildren[node]), Int(tree.rightChildren[node])] {
                    position[child] = Int32(order.count)
                    order.append(child)
                }
            }
            for node in order {
                let own = offset + position[node]
                if tree.isLeaf(node) {
                    nodes.append(PackedNode(
                        featureAndDefault: 0x4000_0000, value: tree.splitConditions[node], left: own, right: own))
                } else {
                    let left = offset + position[Int(tree.leftChildren[node])]
                    nodes.append(PackedNode(
                        featureAndDefault: UInt32(tree.splitIndices[node]) | (tree.defaultLeft[node] ? 0x8000_0000 : 0),
                        value: tree.splitConditions[node], left: left, right: left + 1))
                }
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
        self.depths = depths
        self.completeTrees = CompleteTrees(nodes: nodes, roots: roots, depths: depths, featureCount: featureCount)
    }
}
