import Foundation

/// The precomputed part of Fast TreeSHAP v2 (Yang 2021, arXiv 2109.09847): for every leaf of a
/// tree, one value per pattern of "which of the unique features on the leaf's path does the row
/// follow", so that explaining a row only has to find each leaf's pattern and look values up.
///
/// Path-dependent TreeSHAP gives leaf `l` (value `v`, unique path features `D`, `d = |D|`, each
/// with zero-fraction `z_i`: the product of the cover ratios of its splits on the path) the
/// expectation `f(S) = v ∏_{i ∉ S} z_i` if the row follows every split of every feature in `S`,
/// else 0. With `A` the features the row follows and `w(k) = k! (d-k-1)! / d!`, the Shapley value
/// of feature `j` from this leaf is
///
///     j ∉ A:  -C(A)                          C(A) = v Σ_{S ⊆ A} w(|S|) ∏_{i ∈ D \ S} z_i
///     j ∈ A:  (1 - z_j) / z_j · C(A \ {j})
///
/// so a table of `C` over all `2^d` patterns answers every feature of the leaf with one lookup.
/// Its size is `Σ_leaves 2^d`: trees whose paths have more than ``maxUniqueDepth`` unique
/// features, that would take the ensemble past ``entryBudget`` entries, or with a zero cover
/// ratio (which the division cannot take) get no table and are explained by the v1 walk.
struct PathWeightTables: Sendable {
    /// Paths with more unique features than this keep the v1 walk: `2^12` entries per leaf.
    static let maxUniqueDepth = 12
    /// Table entries (Float) the whole ensemble may use: 2^24 = 64 MiB.
    static let defaultEntryBudget = 1 << 24

    /// What an internal node does to the pattern: its feature's bit on the path, and that bit
    /// again if the feature is new on the path (a repeated feature keeps the bit its earlier split set).
    struct NodeBits {
        var bit: UInt32 = 0
        var setOnHot: UInt32 = 0
    }

    /// One leaf with a table: its node (global index), its `2^slotCount` values from `tableStart`,
    /// and its path features from `slotStart` in ``slotFeatures`` / ``slotFactors``.
    struct Leaf {
        var node: Int32
        var slotCount: Int32
        var slotStart: Int32
        var tableStart: Int
    }

    /// Whether tree `t` has a table.
    let hasTable: [Bool]
    /// Indexed like `ensemble.nodes`; zero for leaves and for trees without a table.
    let nodeBits: [NodeBits]
    /// Tree `t`'s leaves are `leaves[leafStart[t]..<leafStart[t + 1]]` (empty without a table).
    let leaves: [Leaf]
    let leafStart: [Int]
    /// The column of each path slot, and `(1 - z) / z` for it.
    let slotFeatures: [Int32]
    let slotFactors: [Float]
    /// `C(pattern)` for every leaf, each leaf's block contiguous.
    let table: [Float]
    /// Nodes of the largest tree: the size of the per-row pattern scratch.
    let maxTreeNodes: Int

    init(ensemble: TreeEnsemble, entryBudget: Int = defaultEntryBudget) {
        let nodes = ensemble.nodes, covers = ensemble.covers
        var hasTable: [Bool] = []
        var nodeBits = [NodeBits](repeating: NodeBits(), count: nodes.count)
        var leaves: [Leaf] = []
        var leafStart = [0]
        var slotFeatures: [Int32] = []
        var slotFactors: [Float] = []
        var table: [Float] = []
        var maxTreeNodes = 1
        let weights = Self.shapleyWeights(upTo: Self.maxUniqueDepth)
        for tree in ensemble.roots.indices {
            let root = Int(ensemble.roots[tree])
            let end = tree + 1 < ensemble.roots.count ? Int(ensemble.roots[tree + 1]) : nodes.count
            maxTreeNodes = max(maxTreeNodes, end - root)
            let paths = Self.leafPaths(root: root, nodes: nodes, covers: covers)
            let entries = paths?.reduce(0) { $0 + ($1.features.isEmpty ? 0 : 1 << $1.features.count) }
            guard let paths, let entries, table.count + entries <= entryBudget else {
                hasTable.append(false)
                leafStart.append(leaves.count)
                continue
            }
            hasTable.append(true)
            for path in paths {
                for (node, bits) in path.nodeBits { nodeBits[node] = bits }
                guard !path.features.isEmpty else { continue }  // a single-leaf tree: only the bias
                leaves.append(Leaf(
                    node: Int32(path.leaf), slotCount: Int32(path.features.count),
                    slotStart: Int32(slotFeatures.count), tableStart: table.count))
                slotFeatures.append(contentsOf: path.features)
                slotFactors.append(contentsOf: path.zeros.map { Float((1 - $0) / $0) })
                Self.appendPatternValues(
                    leafValue: Double(nodes[path.leaf].value), zeros: path.zeros,
                    weights: weights[path.zeros.count], into: &table)
            }
            leafStart.append(leaves.count)
        }
        self.hasTable = hasTable
        self.nodeBits = nodeBits
        self.leaves = leaves
        self.leafStart = leafStart
        self.slotFeatures = slotFeatures
        self.slotFactors = slotFactors
        self.table = table
        self.maxTreeNodes = maxTreeNodes
    }

    /// One root-to-leaf path: its unique features in order of first appearance, their
    /// zero-fractions, and the pattern bits of the internal nodes on it.
    struct LeafPath {
        var leaf: Int
        var features: [Int32]
        var zeros: [Double]
        var nodeBits: [(Int, NodeBits)]
    }

    /// Every leaf's path in one tree, or nil when the tree cannot have a table (too many unique
    /// features on a path, or a zero/invalid cover ratio).
    static func leafPaths(root: Int, nodes: [TreeEnsemble.PackedNode], covers: [Float]) -> [LeafPath]? {
        var result: [LeafPath] = []
        var stack = [LeafPath(leaf: root, features: [], zeros: [], nodeBits: [])]
        while let path = stack.popLast() {
            let node = nodes[path.leaf]
            if node.isLeaf {
                result.append(path)
                continue
            }
            let feature = Int32(node.feature)
            let slot = path.features.firstIndex(of: feature) ?? path.features.count
            guard slot < maxUniqueDepth else { return nil }
            let isNew = slot == path.features.count
            let bits = NodeBits(bit: 1 << UInt32(slot), setOnHot: isNew ? 1 << UInt32(slot) : 0)
            for child in [Int(node.left), Int(node.right)] {
                let ratio = Double(covers[child]) / Double(covers[path.leaf])
                guard ratio > 0, ratio.isFinite else { return nil }
                var next = path
                next.leaf = child
                next.nodeBits.append((path.leaf, bits))
                if isNew {
                    next.features.append(feature)
                    next.zeros.append(ratio)
                } else {
                    next.zeros[slot] *= ratio
                }
                stack.append(next)
            }
        }
        return result
    }

    /// `weights[d][k] = k! (d-k-1)! / d!` for `0 ≤ k < d ≤ maxDepth`.
    static func shapleyWeights(upTo maxDepth: Int) -> [[Double]] {
        var factorial = [Double](repeating: 1, count: maxDepth + 1)
        for n in stride(from: 1, through: maxDepth, by: 1) { factorial[n] = factorial[n - 1] * Double(n) }
        return (0...maxDepth).map { d in
            (0..<d).map { k in factorial[k] * factorial[d - k - 1] / factorial[d] }
        }
    }

    /// Appends `C(pattern)` for `pattern` in `0..<2^d`. The sum over subsets `S ⊆ A` groups by
    /// `|S| = k`: `Σ_{S ⊆ A, |S| = k} ∏_{A \ S} z` is the coefficient of `t^k` in `∏_{i ∈ A} (z_i + t)`,
    /// built for each pattern from the pattern without its lowest bit.
    static func appendPatternValues(leafValue: Double, zeros: [Double], weights: [Double], into table: inout [Float]) {
        let d = zeros.count
        let patterns = 1 << d
        let width = d + 1
        var polynomials = [Double](repeating: 0, count: patterns * width)
        polynomials[0] = 1
        let allZeros = zeros.reduce(1, *)
        for pattern in 0..<patterns {
            var outside = allZeros
            if pattern != 0 {
                let slot = pattern.trailingZeroBitCount
                let previous = (pattern & (pattern - 1)) * width, current = pattern * width
                let z = zeros[slot]
                // (previous polynomial) × (z + t)
                polynomials[current] = polynomials[previous] * z
                for k in stride(from: 1, through: pattern.nonzeroBitCount, by: 1) {
                    polynomials[current + k] = polynomials[previous + k] * z + polynomials[previous + k - 1]
                }
                outside = 1
                for i in 0..<d where pattern & (1 << i) == 0 { outside *= zeros[i] }
            }
            // k = d only when the pattern is every feature; that value is never looked up.
            var sum = 0.0
            for k in 0..<min(pattern.nonzeroBitCount + 1, d) { sum += weights[k] * polynomials[pattern * width + k] }
            table.append(Float(leafValue * outside * sum))
        }
    }
}
