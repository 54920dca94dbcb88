import Foundation

extension TreeEnsemble {
    /// Rows per block in batch scoring: a block's rows stay in cache while every tree visits them,
    /// and each tree's nodes stay in cache while it visits every row of the block.
    static let blockRows = 64

    /// The raw margin (log-odds) of one row of ``featureCount`` values; NaN means missing.
    public func margin(row: [Float]) throws(EnsembleInputError) -> Float {
        guard row.count == featureCount else { throw .rowWidth(expected: featureCount, actual: row.count) }
        return row.withUnsafeBufferPointer { values in
            if let completeTrees { return completeTrees.margin(row: values.baseAddress!, base: baseMargin) }
            return nodes.withUnsafeBufferPointer { nodes in
                roots.withUnsafeBufferPointer { roots in
                    var sum = baseMargin
                    for root in roots {
                        sum += Self.leafValue(nodes.baseAddress!, root: Int(root), row: values.baseAddress!)
                    }
                    return sum
                }
            }
        }
    }

    /// The churn probability of one row: the sigmoid of ``margin(row:)``, as libxgboost computes it.
    public func probability(row: [Float]) throws(EnsembleInputError) -> Float {
        ModelObjective.sigmoid(try margin(row: row))
    }

    /// Margins of `rowCount` rows stored row-major in `matrix` (`rowCount * featureCount` values).
    public func margins(matrix: [Float], rowCount: Int) throws(EnsembleInputError) -> [Float] {
        try score(matrix: matrix, rowCount: rowCount, transform: false)
    }

    /// Probabilities of `rowCount` rows stored row-major in `matrix`.
    public func probabilities(matrix: [Float], rowCount: Int) throws(EnsembleInputError) -> [Float] {
        try score(matrix: matrix, rowCount: rowCount, transform: true)
    }

    /// Writes the margins of `rowCount` row-major rows into the first `rowCount` slots of
    /// `output`, without allocating.
    public func margins(
        matrix: UnsafeBufferPointer<Float>, rowCount: Int, into output: UnsafeMutableBufferPointer<Float>
    ) throws(EnsembleInputError) {
        try checkBuffers(matrix: matrix.count, rowCount: rowCount, output: output.count)
        scoreBlocks(matrix, rowCount: rowCount, output, transform: false)
    }

    /// Writes the probabilities of `rowCount` row-major rows into `output`, without allocating.
    public func probabilities(
        matrix: UnsafeBufferPointer<Float>, rowCount: Int, into output: UnsafeMutableBufferPointer<Float>
    ) throws(EnsembleInputError) {
        try checkBuffers(matrix: matrix.count, rowCount: rowCount, output: output.count)
        scoreBlocks(matrix, rowCount: rowCount, output, transform: true)
    }

    private func score(matrix: [Float], rowCount: Int, transform: Bool) throws(EnsembleInputError) -> [Float] {
        try checkBuffers(matrix: matrix.count, rowCount: rowCount, output: rowCount)
        return [Float](unsafeUninitializedCapacity: rowCount) { output, initialized in
            matrix.withUnsafeBufferPointer { scoreBlocks($0, rowCount: rowCount, output, transform: transform) }
            initialized = rowCount
        }
    }

    private func checkBuffers(matrix: Int, rowCount: Int, output: Int) throws(EnsembleInputError) {
        let (needed, overflow) = rowCount.multipliedReportingOverflow(by: featureCount)
        guard rowCount >= 0, !overflow, matrix == needed else {
            throw .bufferSize(name: "matrix", expected: overflow ? Int.max : needed, actual: matrix)
        }
        guard output >= rowCount else { throw .bufferSize(name: "output", expected: rowCount, actual: output) }
    }

    /// Blocks of rows, tree by tree. Each row still adds its leaves in tree order, so the Float sum
    /// is the same as scoring the row alone (and as libxgboost's block kernel).
    private func scoreBlocks(
        _ matrix: UnsafeBufferPointer<Float>, rowCount: Int, _ output: UnsafeMutableBufferPointer<Float>,
        transform: Bool
    ) {
        guard rowCount > 0 else { return }
        let width = featureCount
        let base = baseMargin
        let data = matrix.baseAddress!
        let out = output.baseAddress!
        if let completeTrees {
            completeTrees.score(data, rowCount: rowCount, into: out, base: base, transform: transform)
            return
        }
        nodes.withUnsafeBufferPointer { nodeBuffer in
            roots.withUnsafeBufferPointer { roots in
                depths.withUnsafeBufferPointer { depths in
                    let nodes = nodeBuffer.baseAddress!
                    var start = 0
                    while start < rowCount {
                        let end = min(start + Self.blockRows, rowCount)
                        for row in start..<end { out[row] = base }
                        for tree in 0..<roots.count {
                            Self.addTree(
                                nodes, root: Int(roots[tree]), depth: Int(depths[tree]),
                                rows: data, width: width, range: start..<end, into: out)
                        }
                        if transform {
                            for row in start..<end { out[row] = ModelObjective.sigmoid(out[row]) }
                        }
                        start = end
                    }
                }
            }
        }
    }

    /// Adds one tree's leaf to each row in `range`. Four rows walk the tree side by side for
    /// exactly `depth` branch-free steps (leaves loop onto themselves), so the four chains of
    /// dependent loads overlap instead of waiting on each other or on mispredicted branches.
    @inline(__always)
    static func addTree(
        _ nodes: UnsafePointer<PackedNode>, root: Int, depth: Int, rows: UnsafePointer<Float>, width: Int,
        range: Range<Int>, into out: UnsafeMutablePointer<Float>
    ) {
        var row = range.lowerBound
        while row + 4 <= range.upperBound {
            let r0 = rows + row * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width
            var i0 = root, i1 = root, i2 = root, i3 = root
            for _ in 0..<depth {
                i0 = step(nodes, i0, r0)
                i1 = step(nodes, i1, r1)
                i2 = step(nodes, i2, r2)
                i3 = step(nodes, i3, r3)
            }
            out[row] += nodes[i0].value
            out[row + 1] += nodes[i1].value
            out[row + 2] += nodes[i2].value
            out[row + 3] += nodes[i3].value
            row += 4
        }
        while row < range.upperBound {
            out[row] += leafValue(nodes, root: root, row: rows + row * width)
            row += 1
        }
    }

    /// One branch-free step down a tree: XGBoost's decision (left iff x < threshold, a NaN by the
    /// default direction); on a leaf it stays put.
    @inline(__always)
    static func step(_ nodes: UnsafePointer<PackedNode>, _ index: Int, _ row: UnsafePointer<Float>) -> Int {
        let node = nodes[index]
        let x = row[Int(node.featureAndDefault & 0x3FFF_FFFF)]
        // Bit arithmetic rather than `||`, which the compiler would turn back into a branch.
        let less: UInt32 = x < node.value ? 1 : 0
        let missing: UInt32 = x.isNaN ? 1 : 0
        let goLeft = less | (missing & (node.featureAndDefault >> 31))
        return Int(goLeft != 0 ? node.left : node.right)
    }

    /// Walks one tree for one row and returns its leaf value.
    @inline(__always)
    static func leafValue(_ nodes: UnsafePointer<PackedNode>, root: Int, row: UnsafePointer<Float>) -> Float {
        var index = root
        while true {
            let node = nodes[index]
            if node.isLeaf { return node.value }
            let x = row[Int(node.featureAndDefault & 0x3FFF_FFFF)]
            let next: Int32
            if x.isNaN {
                next = node.defaultChild
            } else {
                next = x < node.value ? node.left : node.right
            }
            index = Int(next)
        }
    }
}
