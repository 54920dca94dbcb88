import Foundation

/// Exact path-dependent TreeSHAP in O(leaves × depth) per tree and row ("Fast TreeSHAP v2",
/// Yang 2021): the same values as ``TreeSHAP`` (within Float rounding, about 1e-7 relative),
/// from per-leaf tables built once per model (``PathWeightTables``) instead of the
/// O(leaves × depth²) path unwinding per row.
///
/// Per row and tree, one pass over the tree's internal nodes (breadth-first, so parents come
/// before children) works out, for every node, which of the path's unique features the row
/// follows down to it, as a bit pattern; each leaf then adds one table value per feature on its
/// path. Trees that get no table (paths with more than 12 unique features, a zero cover, or past
/// the memory budget — 64 MiB of tables per ensemble by default) are explained by the v1 walk.
public struct FastTreeSHAP: Sendable {
    public let ensemble: TreeEnsemble
    /// The v1 explainer: node expectations, and the walk for trees without a table.
    let v1: TreeSHAP
    let tables: PathWeightTables
    /// The bias column: every tree's expectation then the base margin, added in v1's order, so it
    /// is bit for bit v1's.
    let bias: Float

    /// `tableBudget` caps the table entries (4 bytes each) over all trees; trees past it use the v1 walk.
    public init(ensemble: TreeEnsemble, tableBudget: Int = 1 << 24) {
        self.ensemble = ensemble
        self.v1 = TreeSHAP(ensemble: ensemble)
        self.tables = PathWeightTables(ensemble: ensemble, entryBudget: tableBudget)
        var bias: Float = 0
        for root in ensemble.roots { bias += v1.meanValues[Int(root)] }
        self.bias = bias + ensemble.baseMargin
    }

    /// Values per row in the output: one per input column, then the bias.
    public var width: Int { ensemble.featureCount + 1 }
    /// How many trees are explained from tables (the rest by the v1 walk).
    public var treesWithTables: Int { tables.hasTable.filter { $0 }.count }
    /// Memory held by the tables.
    public var tableBytes: Int { tables.table.count * MemoryLayout<Float>.stride }

    /// Contributions of one row: ``width`` values, the last being the bias.
    public func contributions(row: [Float]) throws(EnsembleInputError) -> [Float] {
        try contributions(matrix: row, rowCount: 1)
    }

    /// Contributions of `rowCount` row-major rows: `rowCount * width` values, row by row.
    public func contributions(matrix: [Float], rowCount: Int) throws(EnsembleInputError) -> [Float] {
        try v1.checkBuffers(matrix: matrix.count, rowCount: rowCount, output: rowCount * width)
        return [Float](unsafeUninitializedCapacity: rowCount * width) { output, initialized in
            matrix.withUnsafeBufferPointer { compute($0, rowCount: rowCount, into: output) }
            initialized = rowCount * width
        }
    }

    /// Writes `rowCount * width` contributions into `output` without allocating on the heap.
    public func contributions(
        matrix: UnsafeBufferPointer<Float>, rowCount: Int, into output: UnsafeMutableBufferPointer<Float>
    ) throws(EnsembleInputError) {
        try v1.checkBuffers(matrix: matrix.count, rowCount: rowCount, output: output.count)
        compute(matrix, rowCount: rowCount, into: output)
    }

    /// The contributions of one row together with the row, ready to rank as reasons.
    public func explain(row: [Float]) throws(EnsembleInputError) -> Explanation {
        let values = try contributions(row: row)
        return Explanation(values: row, contributions: Array(values.dropLast()), bias: values[values.count - 1])
    }

    private func compute(_ matrix: UnsafeBufferPointer<Float>, rowCount: Int, into output: UnsafeMutableBufferPointer<Float>) {
        guard rowCount > 0 else { return }
        let width = self.width, featureCount = ensemble.featureCount
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: tables.maxTreeNodes) { masks in
            withUnsafeTemporaryAllocation(of: PathElement.self, capacity: v1.pathCapacity) { path in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { scratch in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { sums in
                    let pathStart = path.baseAddress!, treeScratch = scratch.baseAddress!, phi = sums.baseAddress!
                    // Only trees without a table use these; keep them defined as v1 does.
                    pathStart.initialize(repeating: PathElement(feature: 0, zero: 0, one: 0, weight: 0), count: v1.pathCapacity)
                    treeScratch.initialize(repeating: 0, count: width)
                    phi.initialize(repeating: 0, count: width)
                    ensemble.nodes.withUnsafeBufferPointer { nodes in
                    ensemble.covers.withUnsafeBufferPointer { covers in
                    tables.nodeBits.withUnsafeBufferPointer { bits in
                    tables.leaves.withUnsafeBufferPointer { leaves in
                    tables.slotFeatures.withUnsafeBufferPointer { slotFeatures in
                    tables.slotFactors.withUnsafeBufferPointer { slotFactors in
                    tables.table.withUnsafeBufferPointer { table in
                        let walk = Walk(
                            nodes: base(nodes), covers: base(covers), bits: base(bits), leaves: base(leaves),
                            slotFeatures: base(slotFeatures), slotFactors: base(slotFactors), table: base(table),
                            masks: masks.baseAddress!, pathStart: pathStart, treeScratch: treeScratch)
                        for row in 0..<rowCount {
                            phi.update(repeating: 0, count: width)
                            explain(row: matrix.baseAddress! + row * featureCount, into: phi, walk: walk)
                            let out = output.baseAddress! + row * width
                            for column in 0..<featureCount { out[column] = Float(phi[column]) }
                            out[featureCount] = bias
                        }
                    }}}}}}}
                    pathStart.deinitialize(count: v1.pathCapacity)
                    treeScratch.deinitialize(count: width)
                    phi.deinitialize(count: width)
                }
                }
            }
        }
    }

    /// A buffer's start, or for an empty one an aligned dummy address: empty arrays (an ensemble
    /// with no table) may have no base address, and nothing is ever read through them.
    private func base<T>(_ buffer: UnsafeBufferPointer<T>) -> UnsafePointer<T> {
        buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
    }

    /// The model's arrays and one row's scratch memory, as pointers valid for one `compute` call.
    private struct Walk {
        let nodes: UnsafePointer<TreeEnsemble.PackedNode>
        let covers: UnsafePointer<Float>
        let bits: UnsafePointer<PathWeightTables.NodeBits>
        let leaves: UnsafePointer<PathWeightTables.Leaf>
        let slotFeatures: UnsafePointer<Int32>
        let slotFactors: UnsafePointer<Float>
        let table: UnsafePointer<Float>
        let masks: UnsafeMutablePointer<UInt32>
        let pathStart: UnsafeMutablePointer<PathElement>
        let treeScratch: UnsafeMutablePointer<Float>
    }

    /// Adds every tree's feature contributions for `row` to `phi` (the bias is set by the caller). The
    /// sums are Double: a leaf's terms partly cancel, and Float sums of them drift by 1e-5 over 60 trees.
    private func explain(row: UnsafePointer<Float>, into phi: UnsafeMutablePointer<Double>, walk: Walk) {
        let nodes = walk.nodes, masks = walk.masks
        let roots = ensemble.roots, nodeCount = ensemble.nodes.count
        for tree in roots.indices {
            let root = Int(roots[tree])
            guard tables.hasTable[tree] else {
                walkV1(tree: tree, root: root, row: row, into: phi, walk: walk)
                continue
            }
            let end = tree + 1 < roots.count ? Int(roots[tree + 1]) : nodeCount
            // Patterns top-down: a child's pattern is its parent's with the split feature's bit
            // kept or set (the row follows the split) or cleared (it does not).
            masks[0] = 0
            for node in root..<end {
                let current = nodes[node]
                if current.isLeaf { continue }
                let x = row[current.feature]
                let goLeft = x < current.value || (x.isNaN && current.defaultLeft)
                let pattern = masks[node - root], nodeBits = walk.bits[node]
                let hot = pattern | nodeBits.setOnHot, cold = pattern & ~nodeBits.bit
                let left = Int(current.left) - root
                masks[left] = goLeft ? hot : cold
                masks[left + 1] = goLeft ? cold : hot
            }
            for leafIndex in tables.leafStart[tree]..<tables.leafStart[tree + 1] {
                let leaf = walk.leaves[leafIndex]
                let pattern = masks[Int(leaf.node) - root]
                let values = walk.table + leaf.tableStart
                let notFollowed = -values[Int(pattern)]
                let start = Int(leaf.slotStart)
                for slot in 0..<Int(leaf.slotCount) {
                    let bit = UInt32(1) << UInt32(slot)
                    let followed = pattern & bit != 0
                    let value = values[Int(pattern & ~bit)]
                    phi[Int(walk.slotFeatures[start + slot])] += Double(followed ? walk.slotFactors[start + slot] * value : notFollowed)
                }
            }
        }
    }

    /// The v1 walk for one tree without a table, as ``TreeSHAP`` does it.
    private func walkV1(tree: Int, root: Int, row: UnsafePointer<Float>, into phi: UnsafeMutablePointer<Double>, walk: Walk) {
        let walker = PathWalker(nodes: walk.nodes, covers: walk.covers, row: row, phi: walk.treeScratch)
        walker.visit(node: root, uniqueDepth: 0, parentPath: walk.pathStart, parentZero: 1, parentOne: 1, parentFeature: -1)
        for slot in v1.featureStart[tree]..<v1.featureStart[tree + 1] {
            let feature = Int(v1.treeFeatures[slot])
            phi[feature] += Double(walk.treeScratch[feature])
            walk.treeScratch[feature] = 0
        }
    }
}
