import Foundation

extension TreeEnsemble {
    /// Rows per block in batch scoring: a block's rows stay in cache while every tree visits them,
    /// and each tree's nodes stay in cache while it visits every row of the block.
    static let blockRows = 64

    /// The raw margin (log-odds) of one row of ``featureCount`` values; NaN means missing.
    public func margin(row: [Float]) throws(EnsembleInputError) -> Float {
        guard row.count == featureCount else { throw .rowWidth(expected: featureCount, actual: row.count) }
        return row.withUnsafeBufferPointer { values in
            nodes.withUnsafeBufferPointer { nodes in
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
        nodes.withUnsafeBufferPointer { nodeBuffer in
            roots.withUnsafeBufferPointer { roots in
                let nodes = nodeBuffer.baseAddress!
                var start = 0
                while start < rowCount {
                    let end = min(start + Self.blockRows, rowCount)
                    for row in start..<end { out[row] = base }
                    for root in roots {
                        let rootIndex = Int(root)
                        for row in start..<end {
                            out[row] += Self.leafValue(nodes, root: rootIndex, row: data + row * width)
                        }
                    }
                    if transform {
                        for row in start..<end { out[row] = ModelObjective.sigmoid(out[row]) }
                    }
                    start = end
                }
            }
        }
    }

    /// Walks one tree for one row and returns its leaf value.
    @inline(__always)
    static func leafValue(_ nodes: UnsafePointer<PackedNode>, root: Int, row: UnsafePointer<Float>) -> Float {
        var index = root
        while true {
            let node = nodes[index]
            if node.left < 0 { return node.value }
            let x = row[Int(node.featureAndDefault & 0x7FFF_FFFF)]
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
