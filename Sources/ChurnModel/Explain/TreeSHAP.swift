import Foundation

/// Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2) for a ``TreeEnsemble``:
/// for each row, one contribution per input column plus the bias (last), summing to the margin.
///
/// The arithmetic mirrors libxgboost's `pred_contribs` operation for operation in `Float`
/// (node covers are XGBoost's `sum_hess`, node expectations are cover-weighted means computed
/// once here, each tree's contributions are summed in a scratch row before being added to the
/// row's totals, and the base margin is added to the bias last), so values agree with XGBoost to
/// rounding. Scoring needs no allocation beyond one scratch block per batch call.
public struct TreeSHAP: Sendable {
    public let ensemble: TreeEnsemble
    /// Cover-weighted mean leaf value under each node, indexed like `ensemble.nodes`.
    let meanValues: [Float]
    /// The distinct split features of each tree: tree `t` uses `treeFeatures[featureStart[t]..<featureStart[t + 1]]`.
    let treeFeatures: [Int32]
    let featureStart: [Int]
    /// Path elements needed by the deepest tree: one path copy per level of recursion.
    let pathCapacity: Int

    public init(ensemble: TreeEnsemble) {
        self.ensemble = ensemble
        var means = [Float](repeating: 0, count: ensemble.nodes.count)
        var features: [Int32] = []
        var starts: [Int] = [0]
        var seen = [Bool](repeating: false, count: ensemble.featureCount)
        for (tree, root) in ensemble.roots.enumerated() {
            _ = Self.fillMeanValues(node: Int(root), nodes: ensemble.nodes, covers: ensemble.covers, into: &means)
            let end = tree + 1 < ensemble.roots.count ? Int(ensemble.roots[tree + 1]) : ensemble.nodes.count
            let first = features.count
            for node in ensemble.nodes[Int(root)..<end] where !node.isLeaf && !seen[node.feature] {
                seen[node.feature] = true
                features.append(Int32(node.feature))
            }
            for feature in features[first...] { seen[Int(feature)] = false }
            starts.append(features.count)
        }
        self.meanValues = means
        self.treeFeatures = features
        self.featureStart = starts
        let levels = ensemble.maxDepth + 2
        self.pathCapacity = levels * (levels + 1) / 2
    }

    /// Values per row in the output: one per input column, then the bias.
    public var width: Int { ensemble.featureCount + 1 }

    /// Contributions of one row: ``width`` values, the last being the bias.
    public func contributions(row: [Float]) throws(EnsembleInputError) -> [Float] {
        try contributions(matrix: row, rowCount: 1)
    }

    /// Contributions of `rowCount` row-major rows: `rowCount * width` values, row by row.
    public func contributions(matrix: [Float], rowCount: Int) throws(EnsembleInputError) -> [Float] {
        try checkBuffers(matrix: matrix.count, rowCount: rowCount, output: rowCount * width)
        return [Float](unsafeUninitializedCapacity: rowCount * width) { output, initialized in
            matrix.withUnsafeBufferPointer { compute($0, rowCount: rowCount, into: output) }
            initialized = rowCount * width
        }
    }

    /// Writes `rowCount * width` contributions into `output` without allocating on the heap.
    public func contributions(
        matrix: UnsafeBufferPointer<Float>, rowCount: Int, into output: UnsafeMutableBufferPointer<Float>
    ) throws(EnsembleInputError) {
        try checkBuffers(matrix: matrix.count, rowCount: rowCount, output: output.count)
        compute(matrix, rowCount: rowCount, into: output)
    }

    /// The contributions of one row together with the row, ready to rank as reasons.
    public func explain(row: [Float]) throws(EnsembleInputError) -> Explanation {
        let values = try contributions(row: row)
        return Explanation(values: row, contributions: Array(values.dropLast()), bias: values[values.count - 1])
    }

    func checkBuffers(matrix: Int, rowCount: Int, output: Int) throws(EnsembleInputError) {
        let featureCount = ensemble.featureCount
        if rowCount == 1, matrix != featureCount { throw .rowWidth(expected: featureCount, actual: matrix) }
        let (needed, overflow) = rowCount.multipliedReportingOverflow(by: featureCount)
        guard rowCount >= 0, !overflow, matrix == needed else {
            throw .bufferSize(name: "matrix", expected: overflow ? Int.max : needed, actual: matrix)
        }
        guard output >= rowCount * width else {
            throw .bufferSize(name: "output", expected: rowCount * width, actual: output)
        }
    }

    private func compute(_ matrix: UnsafeBufferPointer<Float>, rowCount: Int, into output: UnsafeMutableBufferPointer<Float>) {
        guard rowCount > 0 else { return }
        let width = self.width, featureCount = ensemble.featureCount, bias = featureCount
        let baseMargin = ensemble.baseMargin
        withUnsafeTemporaryAllocation(of: PathElement.self, capacity: pathCapacity) { path in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { scratch in
                let treeScratch = scratch.baseAddress!
                treeScratch.initialize(repeating: 0, count: width)
                let pathStart = path.baseAddress!
                // XGBoost value-initialises its path buffer; only element 0's copy is ever read
                // before being written, but keep it defined.
                pathStart.initialize(repeating: PathElement(feature: 0, zero: 0, one: 0, weight: 0), count: pathCapacity)
                ensemble.nodes.withUnsafeBufferPointer { nodes in
                    ensemble.covers.withUnsafeBufferPointer { covers in
                        meanValues.withUnsafeBufferPointer { means in
                            treeFeatures.withUnsafeBufferPointer { treeFeatures in
                                for row in 0..<rowCount {
                                    let phi = output.baseAddress! + row * width
                                    phi.update(repeating: 0, count: width)
                                    let walker = PathWalker(
                                        nodes: nodes.baseAddress!, covers: covers.baseAddress!,
                                        row: matrix.baseAddress! + row * featureCount, phi: treeScratch)
                                    for (tree, root) in ensemble.roots.enumerated() {
                                        let rootIndex = Int(root)
                                        treeScratch[bias] = means[rootIndex]
                                        walker.visit(
                                            node: rootIndex, uniqueDepth: 0, parentPath: pathStart,
                                            parentZero: 1, parentOne: 1, parentFeature: -1)
                                        for slot in featureStart[tree]..<featureStart[tree + 1] {
                                            let feature = Int(treeFeatures[slot])
                                            phi[feature] += treeScratch[feature]
                                            treeScratch[feature] = 0
                                        }
                                        phi[bias] += treeScratch[bias]
                                    }
                                    phi[bias] += baseMargin
                                }
                            }
                        }
                    }
                }
                pathStart.deinitialize(count: pathCapacity)
                treeScratch.deinitialize(count: width)
            }
        }
    }

    /// XGBoost's `FillNodeMeanValues`: the cover-weighted mean of the leaves under `node`.
    private static func fillMeanValues(
        node: Int, nodes: [TreeEnsemble.PackedNode], covers: [Float], into means: inout [Float]
    ) -> Float {
        let current = nodes[node]
        var result: Float
        if current.isLeaf {
            result = current.value
        } else {
            let left = Int(current.left), right = Int(current.right)
            result = fillMeanValues(node: left, nodes: nodes, covers: covers, into: &means) * covers[left]
            result += fillMeanValues(node: right, nodes: nodes, covers: covers, into: &means) * covers[right]
            result /= covers[node]
        }
        means[node] = result
        return result
    }
}
