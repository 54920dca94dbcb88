import ChurnModel
import Synchronization
import Testing

@Suite struct ParallelRowsTests {
    @Test func slicesAreContiguousNonEmptyAndCoverTheRows() {
        #expect(ParallelRows.slices(of: 0..<10, pieces: 3) == [0..<4, 4..<8, 8..<10])
        #expect(ParallelRows.slices(of: 5..<8, pieces: 8) == [5..<6, 6..<7, 7..<8])
        #expect(ParallelRows.slices(of: 0..<0, pieces: 4).isEmpty)
        #expect(ParallelRows.slices(of: 0..<5, pieces: 0) == [0..<5])
        #expect(ParallelRows.slices(of: 10..<25, length: 6) == [10..<16, 16..<22, 22..<25])
    }

    @Test(arguments: [0, 1, 63, 64, 1_000, 10_007])
    func mapKeepsIndexOrder(count: Int) {
        for workers in [1, 2, 7] {
            #expect(ParallelRows.map(count: count, workers: workers) { $0 * 3 } == (0..<count).map { $0 * 3 })
        }
    }

    @Test func mapSlicesReturnsOneResultPerSliceInOrder() {
        let slices = ParallelRows.slices(of: 0..<1_000, pieces: 6)
        #expect(ParallelRows.mapSlices(slices) { $0.reduce(0, +) } == slices.map { $0.reduce(0, +) })
    }

    @Test func meanwhileRunsOnTheCallersThreadAlongsideTheSlices() throws {
        var written: [Int] = []  // not Sendable-captured: `meanwhile` runs here
        let results = ParallelRows.mapSlices(ParallelRows.slices(of: 0..<100, length: 10), meanwhile: {
            written.append(contentsOf: 0..<5)
        }, { $0.count })
        #expect(results == Array(repeating: 10, count: 10))
        #expect(written == [0, 1, 2, 3, 4])
        #expect(ParallelRows.mapSlices([], meanwhile: { written.append(9) }, { $0.count }) == [])
        #expect(written.last == 9)
    }

    @Test func anErrorFromMeanwhileComesBackAfterTheSlicesFinish() {
        struct Stop: Error {}
        let finished = Mutex(0)
        #expect(throws: Stop.self) {
            _ = try ParallelRows.mapSlices(ParallelRows.slices(of: 0..<8, length: 1), meanwhile: { throw Stop() }, { _ in
                finished.withLock { $0 += 1 }
            })
        }
        #expect(finished.withLock { $0 } == 8)
    }

    @Test func offPoolVariantsGiveTheSameResults() async {
        #expect(await ParallelRows.mapOffPool(count: 5_000, workers: 4) { $0 &* 7 } == (0..<5_000).map { $0 &* 7 })
        let slices = ParallelRows.slices(of: 0..<300, pieces: 4)
        #expect(await ParallelRows.mapSlicesOffPool(slices) { $0.count } == [75, 75, 75, 75])
    }
}
