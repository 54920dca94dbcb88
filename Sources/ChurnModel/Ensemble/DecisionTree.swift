import Foundation

/// One regression tree in XGBoost's own array layout: node `i` is described by the `i`-th entry
/// of every array, node 0 is the root, and a leaf has `leftChildren[i] == -1`.
///
/// This is the exchange form between the JSON codec (``XGBoostJSONModel``), hand-built test trees
/// and the flat scoring layout of ``TreeEnsemble``. As in XGBoost, a leaf's value lives in
/// `splitConditions` (already scaled by the learning rate), and `sumHessian` is the node cover
/// that TreeSHAP weighs paths by.
public struct DecisionTree: Sendable, Equatable {
    public var leftChildren: [Int32]
    public var rightChildren: [Int32]
    /// The feature (column) each internal node splits on; ignored for leaves.
    public var splitIndices: [Int32]
    /// Go left when `value < splitConditions[i]`; for a leaf, its output value.
    public var splitConditions: [Float]
    /// Where a missing (NaN) value goes at each internal node.
    public var defaultLeft: [Bool]
    /// Sum of training hessians reaching each node (its cover).
    public var sumHessian: [Float]

    public init(
        leftChildren: [Int32], rightChildren: [Int32], splitIndices: [Int32],
        splitConditions: [Float], defaultLeft: [Bool], sumHessian: [Float]
    ) {
        self.leftChildren = leftChildren
        self.rightChildren = rightChildren
        self.splitIndices = splitIndices
        self.splitConditions = splitConditions
        self.defaultLeft = defaultLeft
        self.sumHessian = sumHessian
    }

    /// A tree made of a single leaf.
    public static func leaf(_ value: Float, cover: Float = 1) -> DecisionTree {
        DecisionTree(
            leftChildren: [-1], rightChildren: [-1], splitIndices: [0],
            splitConditions: [value], defaultLeft: [false], sumHessian: [cover])
    }

    public var nodeCount: Int { leftChildren.count }

    public func isLeaf(_ node: Int) -> Bool { leftChildren[node] == -1 }

    /// Checks that the arrays agree in length, every child index is in range, every node is
    /// reached exactly once from the root (no cycles, no sharing) and split features exist.
    /// `path` names the tree in error messages, e.g. `learner.gradient_booster.model.trees[3]`.
    /// Returns the depth of the deepest leaf (0 for a single leaf).
    @discardableResult
    public func validate(featureCount: Int, path: String) throws(XGBoostModelError) -> Int {
        let count = leftChildren.count
        guard count > 0 else { throw .malformed(path: "\(path).left_children", reason: "the tree has no nodes") }
        let lengths: [(String, Int)] = [
            ("right_children", rightChildren.count), ("split_indices", splitIndices.count),
            ("split_conditions", splitConditions.count), ("default_left", defaultLeft.count),
            ("sum_hessian", sumHessian.count),
        ]
        for (name, length) in lengths where length != count {
            throw .malformed(
                path: "\(path).\(name)",
                reason: "has \(length) entries but left_children has \(count)")
        }
        var reached = [Bool](repeating: false, count: count)
        var depthOf = [Int](repeating: 0, count: count)
        var stack: [Int] = [0]
        reached[0] = true
        var maxDepth = 0
        while let node = stack.popLast() {
            let left = Int(leftChildren[node]), right = Int(rightChildren[node])
            if left == -1 {
                guard right == -1 else {
                    throw .malformed(
                        path: "\(path).right_children[\(node)]",
                        reason: "a leaf (left child -1) must have right child -1, found \(right)")
                }
                maxDepth = max(maxDepth, depthOf[node])
                continue
            }
            let feature = Int(splitIndices[node])
            guard feature >= 0, feature < featureCount else {
                throw .malformed(
                    path: "\(path).split_indices[\(node)]",
                    reason: "feature \(feature) is outside 0..<\(featureCount) (num_feature)")
            }
            for (name, child) in [("left_children", left), ("right_children", right)] {
                guard child > 0, child < count else {
                    throw .malformed(
                        path: "\(path).\(name)[\(node)]",
                        reason: "child \(child) is outside 1..<\(count) (num_nodes)")
                }
                guard !reached[child] else {
                    throw .malformed(
                        path: "\(path).\(name)[\(node)]",
                        reason: "node \(child) is reached twice; the tree has a cycle or shared node")
                }
                reached[child] = true
                depthOf[child] = depthOf[node] + 1
                stack.append(child)
            }
        }
        return maxDepth
    }
}
