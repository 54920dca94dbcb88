import Foundation
import Testing
@testable import ChurnModel

@Suite struct ReferenceSampleTests {
    @Test func theReservoirKeepsEverythingWhenTheInputIsSmallAndIsSeeded() {
        #expect(ReservoirSample.draw(0..<10, size: 20, seed: 1) == Array(0..<10))
        let first = ReservoirSample.draw(0..<100_000, size: 500, seed: 7)
        #expect(first == ReservoirSample.draw(0..<100_000, size: 500, seed: 7))
        #expect(first != ReservoirSample.draw(0..<100_000, size: 500, seed: 8))
        #expect(Set(first).count == 500)
    }

    @Test func theReservoirIsUniformOverTheInput() {
        // Each decile of 0..<100,000 should hold about a tenth of a 5,000 sample (binomial sd ≈ 21).
        let sample = ReservoirSample.draw(0..<100_000, size: 5_000, seed: 3)
        var deciles = [Int](repeating: 0, count: 10)
        for value in sample { deciles[value / 10_000] += 1 }
        #expect(deciles.allSatisfy { abs($0 - 500) < 100 }, "\(deciles)")
    }

    @Test func aNumericReferenceKeepsAPresentValueSampleAndOldManifestsStillDecode() throws {
        let values = (0..<12_000).map { $0 % 7 == 0 ? Double.nan : Double($0) }
        let reference = ReferenceDistribution.numeric(feature: "x", values: values, sampleSeed: 11)
        let sample = try #require(reference.sample)
        #expect(sample.count == ReferenceDistribution.maximumSampleSize)
        #expect(!sample.contains { $0.isNaN })
        #expect(ReferenceDistribution.numeric(feature: "x", values: values).sample == nil)

        let encoded = try JSONEncoder().encode(reference)
        #expect(try JSONDecoder().decode(ReferenceDistribution.self, from: encoded) == reference)
        // A bundle written before samples existed has no `sample` key.
        let old = #"{"feature":"x","binEdges":[1,2],"shares":[0.5,0.25,0.25],"missingShare":0,"count":4}"#
        let decoded = try JSONDecoder().decode(ReferenceDistribution.self, from: Data(old.utf8))
        #expect(decoded.sample == nil && decoded.shares == [0.5, 0.25, 0.25])
    }
}
