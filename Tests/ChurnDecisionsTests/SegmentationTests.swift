import ChurnModel
import Testing
@testable import ChurnDecisions

@Suite struct SegmentationTests {
    @Test func rfmQuintilesShareScoresOnTiesAndScoreUnknownWorst() {
        #expect(RFMScore.quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(RFMScore.quintiles([5, 5, 5, 1, nil]) == [2, 2, 2, 1, 1])
        let customers = [
            TestCustomers.customer("recent", lifetimeValue: 10, daysSincePurchase: 1),
            TestCustomers.customer("stale", lifetimeValue: 1_000, daysSincePurchase: 300),
        ]
        let scores = RFMScore.scores(for: customers)
        #expect(scores[0].recency > scores[1].recency)
        #expect(scores[0].monetary < scores[1].monetary)
        #expect(scores[0].description.count == 3)
    }

    /// Three well-separated blobs in 2-D.
    static func blobs(perBlob: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        var points: [Double] = []
        for centre in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
            for _ in 0..<perBlob {
                points.append(centre.0 + BetaPosterior.standardNormal(using: &generator))
                points.append(centre.1 + BetaPosterior.standardNormal(using: &generator))
            }
        }
        return points
    }

    @Test func kMeansFindsSeparatedBlobsDeterministically() {
        let points = Self.blobs(perBlob: 100, seed: 3)
        let kmeans = KMeans(dimensions: 2)
        let first = kmeans.fit(points, k: 3, seed: 11)
        let again = kmeans.fit(points, k: 3, seed: 11)
        #expect(first == again)
        // Every blob is one cluster.
        for blob in 0..<3 {
            let labels = Set(first.assignments[(blob * 100)..<((blob + 1) * 100)])
            #expect(labels.count == 1)
        }
        let silhouettes = (2...6).map { k in
            kmeans.silhouette(points, assignments: kmeans.fit(points, k: k, seed: 5).assignments, k: k)
        }
        #expect(silhouettes.firstIndex(of: silhouettes.max()!) == 1)  // k = 3
        #expect(silhouettes[1] > 0.7)
    }

    @Test func segmenterRecoversSimulatedArchetypesAndNamesThem() {
        let population = RetentionSimulator(seed: 5).population(count: 6_000)
        let customers = population.map { var input = $0.input; input.segment = nil; return input }
        let segmentation = CustomerSegmenter(settings: SegmentationSettings(seed: 1, sampleSize: 4_000, silhouetteSampleSize: 800))
            .segment(customers)
        #expect((2...8).contains(segmentation.k))
        #expect(segmentation.silhouetteByK.count == 7)
        #expect(Set(segmentation.assignments).count == segmentation.k)
        #expect(Set(segmentation.segments.map(\.name)).count == segmentation.k)
        #expect(segmentation.segments.reduce(0) { $0 + $1.size } == customers.count)
        // Key accounts are the high-value customers: most of them share a "high-value" segment.
        let keyAccountSegments = zip(population, segmentation.assignments).filter { $0.0.archetype == "key accounts" }.map(\.1)
        let highValueShare = Double(keyAccountSegments.filter { $0.hasPrefix("high-value") }.count) / Double(keyAccountSegments.count)
        #expect(highValueShare > 0.8)
        // Same seed, same segments.
        let again = CustomerSegmenter(settings: SegmentationSettings(seed: 1, sampleSize: 4_000, silhouetteSampleSize: 800))
            .segment(customers)
        #expect(again == segmentation)
    }

    @Test func segmentNamesComeFromCentroids() {
        // recency, frequency, monetary, decline, login ratio, log revenue (standardized)
        let centroids = [1.0, 1, 1, -1, 1, 1] + [-1.0, -1, -1, 1, -1, -1] + [0.0, 0, 0, 0, 0, 0] + [1.0, 1, 1, -1, 1, 1.2]
        let names = CustomerSegmenter.names(centroids: centroids, k: 4, dimensions: 6)
        #expect(names == ["high-value engaged 2", "low-value disengaging", "mid-value steady", "high-value engaged"])
    }

    @Test func fixedKIsRespected() {
        let customers = RetentionSimulator(seed: 2).population(count: 500).map(\.input)
        let segmentation = CustomerSegmenter(settings: SegmentationSettings(k: 3)).segment(customers)
        #expect(segmentation.k == 3)
        #expect(segmentation.silhouetteByK.isEmpty)
    }
}
