import Testing
@testable import ChurnTraining

@Suite struct StratifiedKFoldTests {
    private func labels(count: Int, positiveEvery: Int) -> [Int] {
        (0..<count).map { $0 % positiveEvery == 0 ? 1 : 0 }
    }

    @Test(arguments: [(103, 5, 7), (50, 3, 4), (1_000, 10, 9), (12, 4, 2)])
    func everyRowIsTestedOnceAndFoldsAreStratified(count: Int, folds: Int, positiveEvery: Int) throws {
        let labels = labels(count: count, positiveEvery: positiveEvery)
        let result = try StratifiedKFold(folds: folds, seed: 9).split(labels: labels)
        #expect(result.count == folds)
        #expect(result.flatMap(\.test).sorted() == Array(labels.indices))
        let positives = labels.filter { $0 == 1 }.count
        for fold in result {
            #expect(Set(fold.train).isDisjoint(with: fold.test))
            #expect(fold.train.count + fold.test.count == count)
            let foldPositives = fold.test.filter { labels[$0] == 1 }.count
            let expected = Double(positives) * Double(fold.test.count) / Double(count)
            #expect(abs(Double(foldPositives) - expected) <= 1)
            #expect(abs(Double(foldPositives) - Double(positives) / Double(folds)) < 1)
        }
        let sizes = result.map(\.test.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func isDeterministicForASeedAndShufflesAcrossSeeds() throws {
        let labels = labels(count: 200, positiveEvery: 5)
        let first = try StratifiedKFold(folds: 5, seed: 1).split(labels: labels)
        #expect(try StratifiedKFold(folds: 5, seed: 1).split(labels: labels) == first)
        #expect(try StratifiedKFold(folds: 5, seed: 2).split(labels: labels) != first)
        // Shuffled, not contiguous blocks.
        #expect(first[0].test != Array(first[0].test.first!...first[0].test.last!))
    }

    @Test func refusesImpossibleFoldCounts() {
        #expect(throws: DataSplitError.invalidSetting(name: "folds", value: 1, expected: "at least 2")) {
            try StratifiedKFold(folds: 1).split(labels: [0, 1])
        }
        #expect(throws: DataSplitError.tooFewRows(rows: 3, folds: 5)) {
            try StratifiedKFold(folds: 5).split(labels: [0, 1, 0])
        }
    }
}
