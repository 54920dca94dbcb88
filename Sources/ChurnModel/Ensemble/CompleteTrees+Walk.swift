extension CompleteTrees {
    /// Scores `rowCount` row-major rows into `output`: per row, `base` then each tree's leaf in
    /// tree order, in `Float` (the order libxgboost adds them in), then the sigmoid if `transform`.
    ///
    /// Rows go in blocks of ``blockRows``: the block is expanded column by column once, then each
    /// tree walks the whole block eight rows at a time, so the tree's nodes and the block stay in
    /// L1 and eight independent chains of loads are in flight at every step.
    func score(
        _ rows: UnsafePointer<Float>, rowCount: Int, into output: UnsafeMutablePointer<Float>, base: Float,
        transform: Bool
    ) {
        let blockRows = self.blockRows
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * featureCount * blockRows) { block in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: blockRows) { sums in
                let block = block.baseAddress!, sums = sums.baseAddress!
                nodes.withUnsafeBufferPointer { nodes in
                    var start = 0
                    while start < rowCount {
                        let count = min(blockRows, rowCount - start)
                        expand(rows + start * featureCount, count: count, into: block)
                        sums.update(repeating: base, count: blockRows)
                        // Lanes past `count` hold zeros; walking them is cheaper than a ragged tail.
                        let lanes = (count + 7) & ~7
                        var tree = nodes.baseAddress!
                        for _ in 0..<treeCount {
                            var lane = 0
                            while lane < lanes {
                                addLeaves8(tree, block + lane, sums + lane)
                                lane &+= 8
                            }
                            tree += treeStride
                        }
                        let out = output + start
                        if transform {
                            for row in 0..<count { out[row] = ModelObjective.sigmoid(sums[row]) }
                        } else {
                            out.update(from: sums, count: count)
                        }
                        start += count
                    }
                }
            }
        }
    }

    /// The margin of one row (`featureCount` values, NaN = missing), trees walked eight at a time.
    func margin(row: UnsafePointer<Float>, base: Float) -> Float {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * featureCount) { expanded in
            let x = expanded.baseAddress!
            for column in 0..<featureCount {
                let (missingLeft, missingRight) = Self.expandedKeys(row[column])
                x[column] = missingLeft
                x[column + featureCount] = missingRight
            }
            return nodes.withUnsafeBufferPointer { nodes in
                let stride = treeStride, shift = blockShift
                var tree = nodes.baseAddress!
                var sum = base
                var remaining = treeCount
                while remaining >= 8 {
                    let t0 = tree, t1 = t0 + stride, t2 = t1 + stride, t3 = t2 + stride
                    let t4 = t3 + stride, t5 = t4 + stride, t6 = t5 + stride, t7 = t6 + stride
                    var i0 = 1, i1 = 1, i2 = 1, i3 = 1, i4 = 1, i5 = 1, i6 = 1, i7 = 1
                    for _ in 0..<depth {
                        i0 = Self.child(t0, i0, x, shift)
                        i1 = Self.child(t1, i1, x, shift)
                        i2 = Self.child(t2, i2, x, shift)
                        i3 = Self.child(t3, i3, x, shift)
                        i4 = Self.child(t4, i4, x, shift)
                        i5 = Self.child(t5, i5, x, shift)
                        i6 = Self.child(t6, i6, x, shift)
                        i7 = Self.child(t7, i7, x, shift)
                    }
                    // Added one by one, in tree order, so the Float sum is libxgboost's.
                    sum += t0[i0].leafValue
                    sum += t1[i1].leafValue
                    sum += t2[i2].leafValue
                    sum += t3[i3].leafValue
                    sum += t4[i4].leafValue
                    sum += t5[i5].leafValue
                    sum += t6[i6].leafValue
                    sum += t7[i7].leafValue
                    tree += 8 * stride
                    remaining -= 8
                }
                while remaining > 0 {
                    var index = 1
                    for _ in 0..<depth { index = Self.child(tree, index, x, shift) }
                    sum += tree[index].leafValue
                    tree += stride
                    remaining -= 1
                }
                return sum
            }
        }
    }

    /// Writes `count` rows into `block` as expanded key columns (NaN as 0, then NaN as max), lane
    /// `r` of column `c` at `block[c * blockRows + r]`; lanes from `count` up to the next multiple
    /// of eight are zeroed so that they can be walked harmlessly.
    @inline(__always)
    private func expand(_ rows: UnsafePointer<Float>, count: Int, into block: UnsafeMutablePointer<UInt32>) {
        let width = featureCount, shift = blockShift
        for row in 0..<count {
            let values = rows + row * width
            for column in 0..<width {
                let (missingLeft, missingRight) = Self.expandedKeys(values[column])
                block[column << shift + row] = missingLeft
                block[(column + width) << shift + row] = missingRight
            }
        }
        let lanes = (count + 7) & ~7
        if count < lanes {
            for column in 0..<(2 * width) {
                (block + column << shift + count).update(repeating: 0, count: lanes - count)
            }
        }
    }

    /// Walks one tree for the eight block lanes starting at `x` and adds each lane's leaf to `sums`.
    @inline(__always)
    private func addLeaves8(_ tree: UnsafePointer<Node>, _ x: UnsafePointer<UInt32>, _ sums: UnsafeMutablePointer<Float>) {
        var i0 = 1, i1 = 1, i2 = 1, i3 = 1, i4 = 1, i5 = 1, i6 = 1, i7 = 1
        for _ in 0..<depth {
            i0 = Self.child(tree, i0, x, 0)
            i1 = Self.child(tree, i1, x + 1, 0)
            i2 = Self.child(tree, i2, x + 2, 0)
            i3 = Self.child(tree, i3, x + 3, 0)
            i4 = Self.child(tree, i4, x + 4, 0)
            i5 = Self.child(tree, i5, x + 5, 0)
            i6 = Self.child(tree, i6, x + 6, 0)
            i7 = Self.child(tree, i7, x + 7, 0)
        }
        sums[0] += tree[i0].leafValue
        sums[1] += tree[i1].leafValue
        sums[2] += tree[i2].leafValue
        sums[3] += tree[i3].leafValue
        sums[4] += tree[i4].leafValue
        sums[5] += tree[i5].leafValue
        sums[6] += tree[i6].leafValue
        sums[7] += tree[i7].leafValue
    }

    /// A value's keys in the two halves of an expanded row: a missing value is 0 (below every
    /// threshold key, so it goes left) in the first and `UInt32.max` (goes right) in the second.
    @inline(__always)
    static func expandedKeys(_ value: Float) -> (missingLeft: UInt32, missingRight: UInt32) {
        value.isNaN ? (0, .max) : (orderKey(value), orderKey(value))
    }

    /// One step down a padded tree: left (`2i`) iff `key(x) < key(threshold)`, i.e. XGBoost's
    /// `x < threshold` with missing values sent their default way, else right (`2i + 1`).
    /// The sign of a 64-bit difference of 32-bit keys picks the child without a compare-and-select.
    @inline(__always)
    static func child(_ tree: UnsafePointer<Node>, _ index: Int, _ x: UnsafePointer<UInt32>, _ shift: Int) -> Int {
        let node = tree[index]
        let key = x[Int(node.column &>> UInt32(truncatingIfNeeded: shift))]
        return index &* 2 &+ 1 &+ ((Int(key) &- Int(node.key)) &>> 63)
    }
}
