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
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * featureCount * blockRows) { block in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: blockRows) { sums in
                nodes.withUnsafeBufferPointer { nodes in
                    let scratch = (block: block.baseAddress!, sums: sums.baseAddress!)
                    let io = (rows: rows, rowCount: rowCount, output: output, base: base, transform: transform)
                    // A literal depth lets the compiler unroll the walk and fold the tree stride
                    // into addresses; XGBoost's default max_depth is 6.
                    switch depth {
                    case 4: scoreBlocks(nodes.baseAddress!, io, scratch, depth: 4)
                    case 5: scoreBlocks(nodes.baseAddress!, io, scratch, depth: 5)
                    case 6: scoreBlocks(nodes.baseAddress!, io, scratch, depth: 6)
                    case 7: scoreBlocks(nodes.baseAddress!, io, scratch, depth: 7)
                    case 8: scoreBlocks(nodes.baseAddress!, io, scratch, depth: 8)
                    default: scoreBlocks(nodes.baseAddress!, io, scratch, depth: depth)
                    }
                }
            }
        }
    }

    @inline(__always)
    private func scoreBlocks(
        _ nodes: UnsafePointer<Node>,
        _ io: (rows: UnsafePointer<Float>, rowCount: Int, output: UnsafeMutablePointer<Float>, base: Float, transform: Bool),
        _ scratch: (block: UnsafeMutablePointer<UInt32>, sums: UnsafeMutablePointer<Float>),
        depth: Int
    ) {
        let (block, sums) = scratch
        let stride = 1 &<< (depth &+ 1)
        var start = 0
        while start < io.rowCount {
            let count = min(blockRows, io.rowCount - start)
            expand(io.rows + start * featureCount, count: count, into: block)
            sums.update(repeating: io.base, count: blockRows)
            // Lanes past `count` hold zeros; walking them is cheaper than a ragged tail.
            let lanes = (count + 7) & ~7
            var tree = nodes
            for _ in 0..<treeCount {
                var lane = 0
                while lane < lanes {
                    Self.addLeaves8(tree, UnsafePointer(block + lane), sums + lane, depth: depth)
                    lane &+= 8
                }
                tree += stride
            }
            let out = io.output + start
            if io.transform {
                for row in 0..<count { out[row] = ModelObjective.sigmoid(sums[row]) }
            } else {
                out.update(from: sums, count: count)
            }
            start += count
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
                switch depth {
                case 4: margin(nodes.baseAddress!, UnsafePointer(x), base: base, depth: 4)
                case 5: margin(nodes.baseAddress!, UnsafePointer(x), base: base, depth: 5)
                case 6: margin(nodes.baseAddress!, UnsafePointer(x), base: base, depth: 6)
                case 7: margin(nodes.baseAddress!, UnsafePointer(x), base: base, depth: 7)
                case 8: margin(nodes.baseAddress!, UnsafePointer(x), base: base, depth: 8)
                default: margin(nodes.baseAddress!, UnsafePointer(x), base: base, depth: depth)
                }
            }
        }
    }

    @inline(__always)
    private func margin(_ nodes: UnsafePointer<Node>, _ x: UnsafePointer<UInt32>, base: Float, depth: Int) -> Float {
        let stride = 1 &<< (depth &+ 1), shift = blockShift
        var tree = nodes
        var sum = base
        var remaining = treeCount
        while remaining >= 8 {
            var j0 = 2, j1 = 2, j2 = 2, j3 = 2, j4 = 2, j5 = 2, j6 = 2, j7 = 2
            for _ in 0..<depth {
                j0 = Self.child(tree, j0, x, shift)
                j1 = Self.child(tree + stride, j1, x, shift)
                j2 = Self.child(tree + 2 &* stride, j2, x, shift)
                j3 = Self.child(tree + 3 &* stride, j3, x, shift)
                j4 = Self.child(tree + 4 &* stride, j4, x, shift)
                j5 = Self.child(tree + 5 &* stride, j5, x, shift)
                j6 = Self.child(tree + 6 &* stride, j6, x, shift)
                j7 = Self.child(tree + 7 &* stride, j7, x, shift)
            }
            // Added one by one, in tree order, so the Float sum is libxgboost's.
            sum += Self.leaf(tree, j0)
            sum += Self.leaf(tree + stride, j1)
            sum += Self.leaf(tree + 2 &* stride, j2)
            sum += Self.leaf(tree + 3 &* stride, j3)
            sum += Self.leaf(tree + 4 &* stride, j4)
            sum += Self.leaf(tree + 5 &* stride, j5)
            sum += Self.leaf(tree + 6 &* stride, j6)
            sum += Self.leaf(tree + 7 &* stride, j7)
            tree += 8 &* stride
            remaining &-= 8
        }
        while remaining > 0 {
            var slot = 2
            for _ in 0..<depth { slot = Self.child(tree, slot, x, shift) }
            sum += Self.leaf(tree, slot)
            tree += stride
            remaining &-= 1
        }
        return sum
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
                block[column &<< shift &+ row] = missingLeft
                block[(column &+ width) &<< shift &+ row] = missingRight
            }
        }
        let lanes = (count + 7) & ~7
        if count < lanes {
            for column in 0..<(2 * width) {
                (block + (column &<< shift &+ count)).update(repeating: 0, count: lanes - count)
            }
        }
    }

    /// Walks one tree for the eight block lanes starting at `x` and adds each lane's leaf to `sums`.
    @inline(__always)
    private static func addLeaves8(
        _ tree: UnsafePointer<Node>, _ x: UnsafePointer<UInt32>, _ sums: UnsafeMutablePointer<Float>, depth: Int
    ) {
        var j0 = 2, j1 = 2, j2 = 2, j3 = 2, j4 = 2, j5 = 2, j6 = 2, j7 = 2
        for _ in 0..<depth {
            j0 = child(tree, j0, x, 0)
            j1 = child(tree, j1, x + 1, 0)
            j2 = child(tree, j2, x + 2, 0)
            j3 = child(tree, j3, x + 3, 0)
            j4 = child(tree, j4, x + 4, 0)
            j5 = child(tree, j5, x + 5, 0)
            j6 = child(tree, j6, x + 6, 0)
            j7 = child(tree, j7, x + 7, 0)
        }
        sums[0] += leaf(tree, j0)
        sums[1] += leaf(tree, j1)
        sums[2] += leaf(tree, j2)
        sums[3] += leaf(tree, j3)
        sums[4] += leaf(tree, j4)
        sums[5] += leaf(tree, j5)
        sums[6] += leaf(tree, j6)
        sums[7] += leaf(tree, j7)
    }

    /// A value's keys in the two halves of an expanded row: a missing value is 0 (below every
    /// threshold key, so it goes left) in the first and `UInt32.max` (goes right) in the second.
    @inline(__always)
    static func expandedKeys(_ value: Float) -> (missingLeft: UInt32, missingRight: UInt32) {
        value.isNaN ? (0, .max) : (orderKey(value), orderKey(value))
    }

    /// One step down a padded tree. Walks count in *slots*, heap index + 1 (the root is slot 2),
    /// so the children of slot `j` are `2j - 1` (left) and `2j` (right) and the step is
    /// `2j - (key(x) < key(threshold))`: left iff XGBoost's `x < threshold`, missing values their
    /// default way. The sign of a 64-bit difference of 32-bit keys gives the `- 1` with no
    /// compare-and-select that the compiler could turn back into a branch.
    @inline(__always)
    static func child(_ tree: UnsafePointer<Node>, _ slot: Int, _ x: UnsafePointer<UInt32>, _ shift: Int) -> Int {
        let node = tree[slot &- 1]
        let key = x[Int(node.column &>> UInt32(truncatingIfNeeded: shift))]
        return slot &* 2 &+ ((Int(key) &- Int(node.key)) &>> 63)
    }

    /// The leaf a walk ended on, at slot `slot`.
    @inline(__always)
    static func leaf(_ tree: UnsafePointer<Node>, _ slot: Int) -> Float {
        tree[slot &- 1].leafValue
    }
}
