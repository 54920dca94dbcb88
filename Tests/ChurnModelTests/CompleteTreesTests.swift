import Foundation
import Testing
@testable import ChurnModel

/// The padded-heap fast paths (``CompleteTrees``) against the pointer walk of ``TreeEnsemble``,
/// which decides exactly as XGBoost does, on random trees and on the awkward values: NaN, ±inf,
/// ±0, denormals, NaN and infinite thresholds, shallow leaves next to deep ones.
@Suite struct CompleteTreesTests {
    /// Margins by the pointer walk: base margin, then each tree's leaf in tree order, in Float.
    static func referenceMargins(_ ensemble: TreeEnsemble, matrix: [Float], rowCount: Int) -> [Float] {
        matrix.withUnsafeBufferPointer { rows in
            ensemble.nodes.withUnsafeBufferPointer { nodes in
                (0..<rowCount).map { row in
                    var sum = ensemble.baseMargin
                    for root in ensemble.roots {
                        sum += TreeEnsemble.leafValue(
                            nodes.baseAddress!, root: Int(root), row: rows.baseAddress! + row * ensemble.featureCount)
                    }
                    return sum
                }
            }
        }
    }

    static let awkwardValues: [Float] = [
        .nan, .infinity, -.infinity, 0, -0.0, 1.5, -1.5, 0.5, .leastNonzeroMagnitude,
        -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 2, 3,
    ]

    /// A random tree of at most `depth` levels over `featureCount` columns whose thresholds and
    /// leaf values are drawn from `awkwardValues` (thresholds) and small dyadic numbers (leaves).
    static func randomTree(depth: Int, featureCount: Int, using generator: inout some RandomNumberGenerator) -> DecisionTree {
        var left: [Int32] = [], right: [Int32] = [], features: [Int32] = [], conditions: [Float] = []
        var defaults: [Bool] = [], covers: [Float] = []
        func add(level: Int) -> Int32 {
            let index = left.count
            left.append(-1); right.append(-1); features.append(0); conditions.append(0)
            defaults.append(false); covers.append(1)
            if level < depth, level == 0 || Int.random(in: 0..<4, using: &generator) != 0 {
                features[index] = Int32.random(in: 0..<Int32(featureCount), using: &generator)
                conditions[index] = awkwardValues.randomElement(using: &generator)!
                defaults[index] = Bool.random(using: &generator)
                let l = add(level: level + 1), r = add(level: level + 1)
                left[index] = l
                right[index] = r
            } else {
                conditions[index] = Float(Int.random(in: -64...64, using: &generator)) / 32
            }
            return Int32(index)
        }
        _ = add(level: 0)
        return DecisionTree(
            leftChildren: left, rightChildren: right, splitIndices: features, splitConditions: conditions,
            defaultLeft: defaults, sumHessian: covers)
    }

    static func randomRows(_ count: Int, featureCount: Int, using generator: inout some RandomNumberGenerator) -> [Float] {
        (0..<(count * featureCount)).map { _ in
            Bool.random(using: &generator)
                ? awkwardValues.randomElement(using: &generator)!
                : Float.random(in: -4...4, using: &generator)
        }
    }

    @Test(arguments: [(1, 3), (4, 5), (6, 40), (9, 7), (6, 700)])
    func fastPathsMatchThePointerWalk(depth: Int, featureCount: Int) throws {
        var generator = SplitMix64(seed: UInt64(depth * 1_000 + featureCount))
        let trees = (0..<37).map { _ in Self.randomTree(depth: depth, featureCount: featureCount, using: &generator) }
        let ensemble = try TreeEnsemble(trees: trees, featureCount: featureCount, baseMargin: 0.25)
        let fast = try #require(ensemble.completeTrees)
        #expect(fast.depth == ensemble.maxDepth)
        // Wide rows shrink the block so that it stays in L1.
        #expect(fast.blockRows == (featureCount > 64 ? 8 : 64))
        let rowCount = 203  // several blocks and a ragged last one
        let matrix = Self.randomRows(rowCount, featureCount: featureCount, using: &generator)
        let expected = Self.referenceMargins(ensemble, matrix: matrix, rowCount: rowCount)
        let margins = try ensemble.margins(matrix: matrix, rowCount: rowCount)
        let wrong = (0..<rowCount).filter { margins[$0] != expected[$0] }
        #expect(wrong.isEmpty, "batch margins differ on rows \(wrong.prefix(5))")
        for row in 0..<rowCount {
            let values = Array(matrix[(row * featureCount)..<((row + 1) * featureCount)])
            #expect(try ensemble.margin(row: values) == expected[row], "row \(row): \(values)")
        }
    }

    @Test func nanAndInfiniteThresholdsDecideAsXGBoost() throws {
        // x < NaN is false for every x, so values go right and NaN goes by its default;
        // x < -inf is false too; x < +inf is true for all but +inf.
        func stump(_ threshold: Float, defaultLeft: Bool) throws -> TreeEnsemble {
            let tree = DecisionTree(
                leftChildren: [1, -1, -1], rightChildren: [2, -1, -1], splitIndices: [0, 0, 0],
                splitConditions: [threshold, -1, 1], defaultLeft: [defaultLeft, false, false], sumHessian: [2, 1, 1])
            return try TreeEnsemble(trees: [tree], featureCount: 1, baseMargin: 0)
        }
        for defaultLeft in [false, true] {
            let missing: Float = defaultLeft ? -1 : 1
            let nanSplit = try stump(.nan, defaultLeft: defaultLeft)
            #expect(try nanSplit.margin(row: [-.infinity]) == 1)
            #expect(try nanSplit.margin(row: [0]) == 1)
            #expect(try nanSplit.margin(row: [.nan]) == missing)
            let lowest = try stump(-.infinity, defaultLeft: defaultLeft)
            #expect(try lowest.margin(row: [-.infinity]) == 1)
            #expect(try lowest.margin(row: [.nan]) == missing)
            let highest = try stump(.infinity, defaultLeft: defaultLeft)
            #expect(try highest.margin(row: [.greatestFiniteMagnitude]) == -1)
            #expect(try highest.margin(row: [.infinity]) == 1)
            #expect(try highest.margin(row: [.nan]) == missing)
            let zero = try stump(0, defaultLeft: defaultLeft)
            #expect(try zero.margin(row: [-0.0]) == 1)  // -0 < 0 is false
            #expect(try zero.margin(row: [-.leastNonzeroMagnitude]) == -1)
            for ensemble in [nanSplit, lowest, highest, zero] {
                #expect(ensemble.completeTrees != nil)
                let rows: [Float] = [.nan, -.infinity, .infinity, 0, -0.0, -.leastNonzeroMagnitude, 5]
                #expect(
                    try ensemble.margins(matrix: rows, rowCount: rows.count)
                        == Self.referenceMargins(ensemble, matrix: rows, rowCount: rows.count))
            }
        }
    }

    @Test func orderKeysOrderLikeFloats() {
        let values: [Float] = Self.awkwardValues.filter { !$0.isNaN } + [1e-30, -1e-30, 1e30, -1e30, .pi]
        for a in values {
            for b in values {
                #expect((a < b) == (CompleteTrees.orderKey(a) < CompleteTrees.orderKey(b)), "\(a) vs \(b)")
            }
        }
        // 0 and UInt32.max stay free for missing values.
        #expect(CompleteTrees.orderKey(-.infinity) > 0)
        #expect(CompleteTrees.orderKey(.infinity) < .max)
    }

    @Test func tooDeepAnEnsembleKeepsThePointerWalk() throws {
        // A chain of depth 20: padding it to 2^21 slots is not worth it.
        let depth = CompleteTrees.maximumDepth + 4
        // Level k splits at node 2k (the root at 0) on x < k: left is the leaf 2k+1 (value -k),
        // right is the next level's split, and after the last level the leaf 100.
        var l = [Int32](repeating: -1, count: 2 * depth + 1), r = l
        var c = [Float](repeating: 0, count: 2 * depth + 1)
        for level in 0..<depth {
            let node = level == 0 ? 0 : 2 * level
            l[node] = Int32(2 * level + 1)
            r[node] = Int32(2 * level + 2)
            c[node] = Float(level)
            c[2 * level + 1] = Float(-level)
        }
        c[2 * depth] = 100
        let tree = DecisionTree(
            leftChildren: l, rightChildren: r, splitIndices: .init(repeating: 0, count: l.count), splitConditions: c,
            defaultLeft: .init(repeating: true, count: l.count), sumHessian: .init(repeating: 1, count: l.count))
        let ensemble = try TreeEnsemble(trees: [tree], featureCount: 1, baseMargin: 0)
        #expect(ensemble.maxDepth == depth)
        #expect(ensemble.completeTrees == nil)
        #expect(try ensemble.margin(row: [1000]) == 100)
        #expect(try ensemble.margins(matrix: [1000, 2.5, -1], rowCount: 3) == [100, -3, 0])
    }
}
