import Foundation
import Testing
@testable import ChurnModel

/// Fast TreeSHAP v2 against the v1 walk (which mirrors libxgboost's `pred_contribs`) and against
/// libxgboost's own outputs, on real models and on random trees built to hit the edge cases.
@Suite struct FastTreeSHAPTests {
    /// Largest difference between two contribution matrices, relative to the larger of 1 and the
    /// row's largest contribution.
    static func worstRelativeDifference(_ lhs: [Float], _ rhs: [Float], width: Int) -> Float {
        precondition(lhs.count == rhs.count)
        var worst: Float = 0
        for start in stride(from: 0, to: lhs.count, by: width) {
            let scale = max(1, rhs[start..<(start + width)].map(abs).max() ?? 0)
            for index in start..<(start + width) { worst = max(worst, abs(lhs[index] - rhs[index]) / scale) }
        }
        return worst
    }

    static func compare(_ ensemble: TreeEnsemble, matrix: [Float], rowCount: Int, tableBudget: Int = 1 << 24) throws -> Float {
        let fast = try FastTreeSHAP(ensemble: ensemble, tableBudget: tableBudget).contributions(matrix: matrix, rowCount: rowCount)
        let v1 = try TreeSHAP(ensemble: ensemble).contributions(matrix: matrix, rowCount: rowCount)
        return worstRelativeDifference(fast, v1, width: ensemble.featureCount + 1)
    }

    @Test(arguments: XGBoostReference.names)
    func matchesV1AndLibXGBoostOnFixtureModels(name: String) throws {
        let (ensemble, reference) = try XGBoostReference.load(name)
        let fast = FastTreeSHAP(ensemble: ensemble)
        #expect(fast.treesWithTables == ensemble.treeCount)
        let values = try fast.contributions(matrix: reference.matrix, rowCount: reference.rows.count)
        #expect(Self.worstRelativeDifference(values, reference.contribs.flatMap { $0 }, width: fast.width) <= 1e-5)
        #expect(try Self.compare(ensemble, matrix: reference.matrix, rowCount: reference.rows.count) <= 1e-5)
        for row in reference.rows.indices {
            let explanation = try fast.explain(row: reference.row(row))
            let margin = try ensemble.margin(row: reference.row(row))
            #expect(abs(explanation.margin - margin) <= 1e-4 * max(1, abs(margin)))
        }
    }

    @Test func handBuiltTreesHaveTheTextbookAnswers() throws {
        let stump = DecisionTree(
            leftChildren: [1, -1, -1], rightChildren: [2, -1, -1], splitIndices: [0, 0, 0],
            splitConditions: [0.5, -1, 2], defaultLeft: [true, false, false], sumHessian: [40, 30, 10])
        let fast = FastTreeSHAP(ensemble: try TreeEnsemble(trees: [stump], featureCount: 2, baseMargin: 0.5))
        #expect(try fast.contributions(row: [0, 7]) == [-0.75, 0, 0.25])
        #expect(try fast.contributions(row: [1, 7]) == [2.25, 0, 0.25])
        #expect(try fast.contributions(row: [.nan, 7]) == [-0.75, 0, 0.25])

        let values = try FastTreeSHAP(ensemble: TreeEnsembleTests.tiny()).contributions(row: [0, 1])
        #expect(abs(values[0] - -0.21875) <= 1e-7)
        #expect(abs(values[1] - 0.21875) <= 1e-7)
        #expect(values[2] == 0.25 + 0.125)
    }

    @Test func randomTreesWithRepeatedFeaturesAndMissingValuesMatchV1() throws {
        var random = SeededRandom(seed: 42)
        for depth in [1, 2, 4, 6, 8] {
            // Few features, so paths repeat them; defaults both ways; 25% of values missing.
            let trees = (0..<20).map { _ in RandomTrees.tree(depth: depth, features: 4, random: &random) }
            let ensemble = try TreeEnsemble(trees: trees, featureCount: 4, baseMargin: -0.3)
            let rows = RandomTrees.rows(300, features: 4, missing: 0.25, random: &random)
            #expect(FastTreeSHAP(ensemble: ensemble).treesWithTables == 20)
            #expect(try Self.compare(ensemble, matrix: rows, rowCount: 300) <= 1e-5, "depth \(depth)")
        }
    }

    @Test func aFeatureSplitOnTwiceOnOnePathCountsOnce() throws {
        // x0 < 0 ? (x0 < -1 ? 1 : 2) : (x1 < 0 ? 3 : 4): x0 is met twice on the left.
        let tree = DecisionTree(
            leftChildren: [1, 3, 5, -1, -1, -1, -1], rightChildren: [2, 4, 6, -1, -1, -1, -1],
            splitIndices: [0, 0, 1, 0, 0, 0, 0], splitConditions: [0, -1, 0, 1, 2, 3, 4],
            defaultLeft: [false, true, true, false, false, false, false], sumHessian: [100, 60, 40, 20, 40, 10, 30])
        let ensemble = try TreeEnsemble(trees: [tree], featureCount: 2, baseMargin: 0)
        let rows: [Float] = [-2, 5, -0.5, -3, 1, -1, 1, 1, .nan, .nan, -2, .nan, .nan, 0]
        #expect(try Self.compare(ensemble, matrix: rows, rowCount: 7) <= 1e-6)
    }

    @Test func oneHotColumnsAsTheEncoderWritesThemMatchV1() throws {
        let schema = FeatureSchema(features: [
            FeatureSpec(name: "tenure", kind: .numeric),
            FeatureSpec(name: "plan", kind: .categorical, categories: ["basic", "plus", "premium", "team"]),
            FeatureSpec(name: "autopay", kind: .boolean),
            FeatureSpec(name: "region", kind: .categorical, categories: ["north", "south"]),
        ])
        let encoder = FeatureEncoder(schema: schema)
        var random = SeededRandom(seed: 7)
        // One-hot columns split at 0.5, as XGBoost splits 0/1 columns.
        let trees = (0..<30).map { _ in
            RandomTrees.tree(depth: 5, features: encoder.columnCount, random: &random, thresholds: { column, random in
                encoder.sourceFeature[column] == 0 ? Float(random.unit() * 4 - 2) : 0.5
            })
        }
        let ensemble = try TreeEnsemble(trees: trees, featureCount: encoder.columnCount, baseMargin: 0.1)
        let plans = ["basic", "plus", "premium", "team", "gold"]  // "gold" is unknown: all zeros
        var matrix: [Float] = []
        for index in 0..<200 {
            let values: [FeatureValue] = [
                index % 7 == 0 ? .missing : .number(random.unit() * 4 - 2),
                index % 5 == 0 ? .missing : .category(plans[index % plans.count]),
                index % 3 == 0 ? .missing : .boolean(index % 2 == 0),
                .category(index % 2 == 0 ? "north" : "south"),
            ]
            matrix += encoder.encode(values)
        }
        #expect(try Self.compare(ensemble, matrix: matrix, rowCount: 200) <= 1e-5)
    }

    @Test func treesWithoutATableUseTheV1WalkAndAgreeExactly() throws {
        var random = SeededRandom(seed: 3)
        let trees = (0..<10).map { _ in RandomTrees.tree(depth: 5, features: 6, random: &random) }
        let ensemble = try TreeEnsemble(trees: trees, featureCount: 6, baseMargin: 0.2)
        let rows = RandomTrees.rows(100, features: 6, missing: 0.1, random: &random)
        // No budget at all: every tree walks as v1 does (only the sums over trees are Double).
        let none = FastTreeSHAP(ensemble: ensemble, tableBudget: 0)
        #expect(none.treesWithTables == 0 && none.tableBytes == 0)
        #expect(try Self.compare(ensemble, matrix: rows, rowCount: 100, tableBudget: 0) <= 1e-6)
        // A budget for some trees only: tables and walks mixed in one ensemble.
        let full = FastTreeSHAP(ensemble: ensemble)
        let some = FastTreeSHAP(ensemble: ensemble, tableBudget: full.tableBytes / 4 / 2)
        #expect(some.treesWithTables > 0 && some.treesWithTables < 10)
        #expect(try Self.compare(ensemble, matrix: rows, rowCount: 100, tableBudget: full.tableBytes / 4 / 2) <= 1e-5)
    }

    @Test func tooManyUniqueFeaturesOrAZeroCoverFallsBackToV1() throws {
        var random = SeededRandom(seed: 5)
        // A chain of 13 splits on 13 different features: its deepest path has 13 unique features.
        let deep = RandomTrees.chain(features: Array(0..<13), random: &random)
        // 12 unique features (one repeated) on 14 splits still gets a table.
        let repeated = RandomTrees.chain(features: Array(0..<12) + [3, 7], random: &random)
        // A leaf of cover 0: the table's division by the zero-fraction cannot take it.
        var zeroCover = RandomTrees.tree(depth: 3, features: 3, random: &random, leafProbability: 0)
        zeroCover.sumHessian[try #require(zeroCover.leftChildren.firstIndex(of: -1))] = 0
        let ensemble = try TreeEnsemble(trees: [deep, repeated, zeroCover], featureCount: 16, baseMargin: 0)
        let fast = FastTreeSHAP(ensemble: ensemble)
        #expect(fast.tables.hasTable == [false, true, false])
        let rows = RandomTrees.rows(50, features: 16, missing: 0.1, random: &random)
        #expect(try Self.compare(ensemble, matrix: rows, rowCount: 50) <= 1e-5)
    }

    @Test func singleLeafTreesAndInputErrors() throws {
        let ensemble = try TreeEnsemble(trees: [.leaf(0.5), .leaf(-0.25)], featureCount: 3, baseMargin: 1)
        let fast = FastTreeSHAP(ensemble: ensemble)
        #expect(try fast.contributions(row: [1, .nan, 3]) == [0, 0, 0, 1.25])
        #expect(throws: EnsembleInputError.rowWidth(expected: 3, actual: 2)) { try fast.contributions(row: [1, 2]) }
        #expect(try fast.contributions(matrix: [], rowCount: 0).isEmpty)
    }
}

/// A seeded generator for test trees and rows.
private struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Random trees in XGBoost's layout, with covers that add up (a parent's cover is its children's sum).
private enum RandomTrees {
    static func tree(
        depth: Int, features: Int, random: inout SeededRandom, leafProbability: Double = 0.15,
        thresholds: (Int, inout SeededRandom) -> Float = { _, random in Float(random.unit() * 4 - 2) }
    ) -> DecisionTree {
        var left: [Int32] = [], right: [Int32] = [], split: [Int32] = [], conditions: [Float] = []
        var defaults: [Bool] = [], covers: [Float] = []
        func add(level: Int) -> Int {
            let node = left.count
            left.append(-1); right.append(-1); split.append(0); conditions.append(0); defaults.append(false); covers.append(0)
            if level == depth || (level > 0 && random.unit() < leafProbability) {
                conditions[node] = Float(random.unit() * 2 - 1)
                covers[node] = Float(1 + random.below(50))
                return node
            }
            let column = random.below(features)
            split[node] = Int32(column)
            conditions[node] = thresholds(column, &random)
            defaults[node] = random.below(2) == 0
            let l = add(level: level + 1)
            let r = add(level: level + 1)
            left[node] = Int32(l)
            right[node] = Int32(r)
            covers[node] = covers[l] + covers[r]
            return node
        }
        _ = add(level: 0)
        return DecisionTree(
            leftChildren: left, rightChildren: right, splitIndices: split, splitConditions: conditions,
            defaultLeft: defaults, sumHessian: covers)
    }

    /// Splits on `features` in order, each with a leaf on the left, ending in two leaves.
    static func chain(features: [Int], random: inout SeededRandom) -> DecisionTree {
        var left: [Int32] = [], right: [Int32] = [], split: [Int32] = [], conditions: [Float] = []
        var defaults: [Bool] = [], covers: [Float] = []
        for (level, feature) in features.enumerated() {
            let node = Int32(2 * level)
            left += [node + 1, -1]
            right += [node + 2, -1]
            split += [Int32(feature), 0]
            conditions += [Float(random.unit() * 2 - 1), Float(random.unit() * 2 - 1)]
            defaults += [random.below(2) == 0, false]
            covers += [0, Float(1 + random.below(20))]
        }
        left.append(-1); right.append(-1); split.append(0); defaults.append(false)
        conditions.append(Float(random.unit()))
        covers.append(Float(1 + random.below(20)))
        // Covers add up from the bottom: an internal node's is its leaf's plus the rest of the chain's.
        for level in features.indices.reversed() { covers[2 * level] = covers[2 * level + 1] + covers[2 * level + 2] }
        return DecisionTree(
            leftChildren: left, rightChildren: right, splitIndices: split, splitConditions: conditions,
            defaultLeft: defaults, sumHessian: covers)
    }

    static func rows(_ count: Int, features: Int, missing: Double, random: inout SeededRandom) -> [Float] {
        (0..<(count * features)).map { _ in random.unit() < missing ? .nan : Float(random.unit() * 4 - 2) }
    }
}
