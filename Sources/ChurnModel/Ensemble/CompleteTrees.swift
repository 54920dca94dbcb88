/// The ensemble re-laid for the fast scoring paths: every tree padded to a complete binary tree of
/// one common depth `D` and stored as an implicit heap, so a walk is `D` steps of
/// `index = 2 * index + (x < threshold ? 0 : 1)` with no child pointers, no leaf test and no
/// missing-value branch.
///
/// Tree `t` owns `nodes[t << (D + 1) ..< (t + 1) << (D + 1)]`, indexed from 1 like a binary heap:
/// the splits of level `l` are at `2^l ..< 2^(l+1)` and the `2^D` leaves at `2^D ..< 2^(D+1)`
/// (slot 0 is unused). A leaf that XGBoost put above depth `D` is copied into every leaf slot of its
/// padded subtree, so the padding splits may test anything and still end on it.
///
/// Decisions are made on integer keys, not floats: ``orderKey(_:)`` maps every non-NaN `Float` to a
/// `UInt32` in the same order (so `x < threshold` iff `key(x) < key(threshold)`), and the step
/// becomes `index = 2 * index + 1 + ((key(x) - key(threshold)) >> 63)` in 64-bit arithmetic: no
/// compare-and-select for the compiler to turn back into a branch that random data mispredicts.
///
/// Missing values: a walk reads an *expanded* row of `2 * featureCount` keys, the row's keys with
/// NaN as 0 (below every float's key) followed by them with NaN as `UInt32.max` (above every
/// float's key). A split whose missing values go left reads the first copy, one whose missing
/// values go right the second. Every other value has the same key in both copies, so each split
/// decides exactly as XGBoost does, NaN thresholds included (see ``thresholdKey(_:defaultLeft:)``).
///
/// The batch path lays a block of `blockRows` expanded rows out column by column, so each split's
/// column is stored already multiplied by `blockRows`: lane `r` of a block reads
/// `block[column + r]`. The single-row path shifts it back by `blockShift`.
/// Any depth up to ``maximumDepth`` works; only deep or huge ensembles keep the pointer walk.
struct CompleteTrees: Sendable {
    /// A split (threshold key and premultiplied expanded column) or, in the leaf half, a leaf
    /// (its value's bit pattern in `key`). One 8-byte load each.
    struct Node: Sendable {
        var key: UInt32
        var column: UInt32

        /// A leaf's output.
        var leafValue: Float { Float(bitPattern: key) }
    }

    /// Common depth of every padded tree.
    let depth: Int
    /// `1 << (depth + 1)`: the stride between trees in `nodes`.
    let treeStride: Int
    let nodes: [Node]
    let treeCount: Int
    let featureCount: Int
    /// Rows per batch block; a power of two chosen so one block of expanded rows fits in L1.
    let blockRows: Int
    let blockShift: Int

    /// Deepest tree laid out this way; deeper ensembles keep the pointer walk.
    static let maximumDepth = 16
    /// Largest padded layout (in nodes, 8 bytes each) worth building; past it, padding wastes memory.
    static let maximumNodes = 1 << 23

    /// Lays out `nodes` (``TreeEnsemble``'s breadth-first packed trees), or returns nil when the
    /// ensemble is too deep or too large once padded.
    init?(nodes packed: [TreeEnsemble.PackedNode], roots: [Int32], depths: [Int32], featureCount: Int) {
        let depth = Int(depths.max() ?? 0)
        guard depth <= Self.maximumDepth, !roots.isEmpty else { return nil }
        let stride = 1 << (depth + 1)
        let (total, overflow) = roots.count.multipliedReportingOverflow(by: stride)
        guard !overflow, total <= Self.maximumNodes else { return nil }
        var blockShift = 6
        while blockShift > 3, 8 * featureCount << blockShift > 32 * 1024 { blockShift -= 1 }
        // Expanded columns premultiplied by the block height must fit the 32-bit column field.
        guard (2 * featureCount) << blockShift <= Int(UInt32.max) else { return nil }

        var nodes = [Node](repeating: Node(key: 0, column: 0), count: total)
        nodes.withUnsafeMutableBufferPointer { nodes in
            packed.withUnsafeBufferPointer { packed in
                for (tree, root) in roots.enumerated() {
                    Self.place(
                        packed.baseAddress!, node: Int(root), heap: 1, level: 0, depth: depth,
                        into: nodes.baseAddress! + tree * stride, featureCount: featureCount, blockShift: blockShift)
                }
            }
        }
        self.depth = depth
        self.treeStride = stride
        self.nodes = nodes
        self.treeCount = roots.count
        self.featureCount = featureCount
        self.blockShift = blockShift
        self.blockRows = 1 << blockShift
    }

    /// Writes the subtree under packed `node` at heap slot `heap` of level `level`.
    private static func place(
        _ packed: UnsafePointer<TreeEnsemble.PackedNode>, node: Int, heap: Int, level: Int, depth: Int,
        into tree: UnsafeMutablePointer<Node>, featureCount: Int, blockShift: Int
    ) {
        let current = packed[node]
        if level == depth {
            // Only leaves reach the last level: no tree is deeper than the common depth.
            tree[heap] = Node(key: current.value.bitPattern, column: 0)
            return
        }
        let left: Int, right: Int
        if current.isLeaf {
            // Padding: any split works, since both subtrees end on this same leaf.
            tree[heap] = Node(key: 0, column: 0)
            (left, right) = (node, node)
        } else {
            let column = current.feature + (current.defaultLeft ? 0 : featureCount)
            tree[heap] = Node(
                key: thresholdKey(current.value, defaultLeft: current.defaultLeft),
                column: UInt32(column << blockShift))
            (left, right) = (Int(current.left), Int(current.right))
        }
        place(packed, node: left, heap: 2 * heap, level: level + 1, depth: depth, into: tree,
              featureCount: featureCount, blockShift: blockShift)
        place(packed, node: right, heap: 2 * heap + 1, level: level + 1, depth: depth, into: tree,
              featureCount: featureCount, blockShift: blockShift)
    }

    /// A `UInt32` that orders like the float: for non-NaN `a` and `b`, `a < b` iff
    /// `orderKey(a) < orderKey(b)`. -0 is read as +0 (they compare equal as floats), and the keys
    /// run from `orderKey(-inf) = 0x007F_FFFF` to `orderKey(+inf) = 0xFF80_0000`, leaving 0 and
    /// `UInt32.max` free for a missing value.
    @inline(__always)
    static func orderKey(_ value: Float) -> UInt32 {
        let bits = value == 0 ? 0 : value.bitPattern
        // Negative floats order backwards by their bits: flip them all; flip only the sign otherwise.
        let flip = UInt32(bitPattern: Int32(bitPattern: bits) >> 31) | 0x8000_0000
        return bits ^ flip
    }

    /// The key of a split's threshold. A NaN threshold sends every value right (`x < NaN` is false)
    /// and NaN by its default: key 0 sends every key right, key 1 all but the NaN-as-0 key.
    static func thresholdKey(_ threshold: Float, defaultLeft: Bool) -> UInt32 {
        threshold.isNaN ? (defaultLeft ? 1 : 0) : orderKey(threshold)
    }
}
