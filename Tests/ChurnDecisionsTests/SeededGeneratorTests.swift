import Testing
@testable import ChurnDecisions

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesSameSequence() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let sa = (0..<5).map { _ in a.next() }
        let sb = (0..<5).map { _ in b.next() }
        let sc = (0..<5).map { _ in c.next() }
        #expect(sa == sb)
        #expect(sa != sc)
    }

    @Test func unitDrawsAreInRangeAndCentred() {
        var g = SeededGenerator(seed: 7)
        let draws = (0..<10_000).map { _ in g.nextUnit() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.02)
    }
}
