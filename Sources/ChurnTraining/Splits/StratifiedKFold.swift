import ChurnModel

/// Seeded, stratified k-fold cross-validation for flat tables (no snapshot dates).
///
/// Each class's rows are shuffled with the seed, then all rows are dealt round-robin to the folds
/// one class after another. So every row is in exactly one test fold, each fold holds
/// ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of every class c (within one row of the global class ratio), and fold
/// sizes differ by at most one. The same seed and labels always give the same folds.
public struct StratifiedKFold: Sendable, Equatable {
    public var folds: Int
    public var seed: UInt64

    public init(folds: Int = 5, seed: UInt64 = 42) {
        self.folds = folds
        self.seed = seed
    }

    /// One fold: the rows held out for testing and the rest for training, both ascending.
    public struct Fold: Sendable, Equatable {
        public var train: [Int]
        public var test: [Int]
    }

    /// The folds for rows with these class labels (e.g. 0/1 churn labels).
    public func split<Label: Hashable>(labels: [Label]) throws(DataSplitError) -> [Fold] {
        guard folds >= 2 else {
            throw .invalidSetting(name: "folds", value: folds, expected: "at least 2")
        }
        guard labels.count >= folds else { throw .tooFewRows(rows: labels.count, folds: folds) }

        // Classes in order of first appearance, so the result does not depend on hashing.
        var classIndex: [Label: Int] = [:]
        var members: [[Int]] = []
        for (row, label) in labels.enumerated() {
            if let index = classIndex[label] {
                members[index].append(row)
            } else {
                classIndex[label] = members.count
                members.append([row])
            }
        }
        var generator = SplitMix64(seed: seed)
        var foldOf = [Int](repeating: 0, count: labels.count)
        var position = 0
        for var rows in members {
            generator.shuffle(&rows)
            for row in rows {
                foldOf[row] = position % folds
                position += 1
            }
        }
        return (0..<folds).map { fold in
            var result = Fold(train: [], test: [])
            for row in labels.indices {
                if foldOf[row] == fold { result.test.append(row) } else { result.train.append(row) }
            }
            return result
        }
    }
}
