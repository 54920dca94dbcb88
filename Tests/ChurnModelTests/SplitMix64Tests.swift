import ChurnModel
import Testing

@Suite struct SplitMix64Tests {
    /// The reference outputs of Vigna's splitmix64.c: every seeded result in the package (folds,
    /// generated data, decisions) depends on this stream staying exactly the same.
    @Test func matchesTheReferenceStream() {
        var zero = SplitMix64(seed: 0)
        #expect((0..<3).map { _ in zero.next() } == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var other = SplitMix64(seed: 1_234_567)
        #expect((0..<3).map { _ in other.next() } == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    @Test func sameSeedGivesSameSequence() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        var c = SplitMix64(seed: 43)
        let sa = (0..<5).map { _ in a.next() }
        let sb = (0..<5).map { _ in b.next() }
        let sc = (0..<5).map { _ in c.next() }
        #expect(sa == sb)
        #expect(sa != sc)
    }

    @Test func mixIsTheFirstOutputOfTheSeedBeforeTheIncrement() {
        var generator = SplitMix64(seed: 99)
        #expect(generator.next() == SplitMix64.mix(99 &+ 0x9E37_79B9_7F4A_7C15))
    }

    @Test func unitDrawsUseTheTop53Bits() {
        var generator = SplitMix64(seed: 42)
        #expect((0..<4).map { _ in generator.nextUnit() }
            == [0.7415648787718233, 0.1599103928769201, 0.27860113025513866, 0.34419071652363753])
    }

    @Test func unitDrawsAreInRangeAndCentred() {
        var g = SplitMix64(seed: 7)
        let draws = (0..<10_000).map { _ in g.nextUnit() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.02)
    }

    @Test func boundedDrawsTakeTheHighWordOfTheProduct() {
        var generator = SplitMix64(seed: 42)
        #expect((0..<4).map { _ in generator.next(below: 10) } == [7, 1, 2, 3])
    }

    @Test func shuffleIsAPermutationFixedByTheSeed() {
        var first = SplitMix64(seed: 5), second = SplitMix64(seed: 5)
        var a = Array(0..<50), b = Array(0..<50)
        first.shuffle(&a)
        second.shuffle(&b)
        #expect(a == b)
        #expect(a != Array(0..<50))
        #expect(a.sorted() == Array(0..<50))
    }
}
