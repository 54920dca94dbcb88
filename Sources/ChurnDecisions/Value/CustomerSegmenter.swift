import ChurnModel
import Foundation

/// Segments customers by RFM scores and behaviour with k-means (k-means++ seeding, k by
/// silhouette unless the program fixes it), and names each segment by its centroid.
///
/// Features, standardized to mean 0 and standard deviation 1 before clustering: recency,
/// frequency and monetary scores, engagement decline, login frequency ratio and log monthly
/// revenue. k-means runs on a seeded sample of at most `sampleSize` customers and silhouette on
/// a smaller one (it is quadratic); every customer is then assigned to its nearest centroid, so
/// 500,000 customers cost little more than 20,000.
public struct CustomerSegmenter: Sendable {
    public var settings: SegmentationSettings

    public init(settings: SegmentationSettings = .default) {
        self.settings = settings
    }

    public static let featureNames = [
        "recency", "frequency", "monetary", "engagementDecline", "loginFrequencyRatio", "logMonthlyRevenue",
    ]

    public func segment(_ customers: [CustomerDecisionInput]) -> CustomerSegmentation {
        let rfm = RFMScore.scores(for: customers)
        guard customers.count >= max(2, settings.minK) else {
            let profile = SegmentProfile(name: "all customers", size: customers.count,
                                         centroid: Array(repeating: 0, count: Self.featureNames.count),
                                         valueScore: 0, engagementScore: 0)
            return CustomerSegmentation(assignments: Array(repeating: profile.name, count: customers.count),
                                        rfm: rfm, segments: customers.isEmpty ? [] : [profile], silhouetteByK: [:])
        }
        let dimensions = Self.featureNames.count
        let points = standardized(features(customers, rfm: rfm), dimensions: dimensions)
        let kmeans = KMeans(dimensions: dimensions)
        var generator = SplitMix64(seed: settings.seed)
        let sample = sampleRows(points, dimensions: dimensions, count: settings.sampleSize, generator: &generator)

        var silhouettes: [Int: Double] = [:]
        let chosen: KMeans.Result
        let sampleCount = sample.count / dimensions
        if let fixed = settings.k {
            chosen = kmeans.fit(sample, k: min(fixed, sampleCount), seed: settings.seed)
        } else {
            let silhouetteRows = min(settings.silhouetteSampleSize, sampleCount)
            let silhouettePoints = Array(sample[0..<(silhouetteRows * dimensions)])
            var best: (score: Double, result: KMeans.Result)?
            for k in settings.minK...max(settings.minK, min(settings.maxK, sampleCount - 1)) {
                let result = kmeans.fit(sample, k: k, seed: settings.seed &+ UInt64(k))
                let score = kmeans.silhouette(silhouettePoints, assignments: Array(result.assignments[0..<silhouetteRows]), k: k)
                silhouettes[k] = score
                if best == nil || score > best!.score { best = (score, result) }
            }
            chosen = best!.result
        }

        let k = chosen.centroids.count / dimensions
        var clusterOf = Array(repeating: 0, count: customers.count)
        var sizes = Array(repeating: 0, count: k)
        for i in 0..<customers.count {
            let cluster = kmeans.nearest(points, i, centroids: chosen.centroids, k: k).0
            clusterOf[i] = cluster
            sizes[cluster] += 1
        }
        let names = Self.names(centroids: chosen.centroids, k: k, dimensions: dimensions)
        let profiles = (0..<k).map { c in
            let centroid = Array(chosen.centroids[(c * dimensions)..<((c + 1) * dimensions)])
            return SegmentProfile(name: names[c], size: sizes[c], centroid: centroid,
                                  valueScore: Self.valueScore(centroid), engagementScore: Self.engagementScore(centroid))
        }
        return CustomerSegmentation(assignments: clusterOf.map { names[$0] }, rfm: rfm, segments: profiles,
                                    silhouetteByK: silhouettes)
    }

    /// Raw features, row by row, in `featureNames` order.
    private func features(_ customers: [CustomerDecisionInput], rfm: [RFMScore]) -> [Double] {
        var rows: [Double] = []
        rows.reserveCapacity(customers.count * Self.featureNames.count)
        for (customer, score) in zip(customers, rfm) {
            rows.append(Double(score.recency))
            rows.append(Double(score.frequency))
            rows.append(Double(score.monetary))
            rows.append(min(max(customer.engagementDecline ?? 0, -1), 1))
            rows.append(min(max(customer.loginFrequencyRatio ?? 1, 0), 3))
            rows.append(log1p(max(customer.monthlyRevenue, 0)))
        }
        return rows
    }

    private func standardized(_ rows: [Double], dimensions: Int) -> [Double] {
        let n = rows.count / dimensions
        var result = rows
        for d in 0..<dimensions {
            var mean = 0.0
            for i in 0..<n { mean += rows[i * dimensions + d] }
            mean /= Double(n)
            var variance = 0.0
            for i in 0..<n {
                let delta = rows[i * dimensions + d] - mean
                variance += delta * delta
            }
            let deviation = (variance / Double(n)).squareRoot()
            for i in 0..<n { result[i * dimensions + d] = deviation > 0 ? (rows[i * dimensions + d] - mean) / deviation : 0 }
        }
        return result
    }

    /// A seeded sample of rows without replacement (partial Fisher–Yates); all rows, shuffled,
    /// when there are fewer than `count`.
    private func sampleRows(_ points: [Double], dimensions: Int, count: Int, generator: inout SplitMix64) -> [Double] {
        let n = points.count / dimensions
        var order = Array(0..<n)
        let take = min(count, n)
        for i in 0..<take {
            let j = i + Int(generator.next() % UInt64(n - i))
            order.swapAt(i, j)
        }
        var sample: [Double] = []
        sample.reserveCapacity(take * dimensions)
        for row in order[0..<take] { sample.append(contentsOf: points[(row * dimensions)..<((row + 1) * dimensions)]) }
        return sample
    }

    static func valueScore(_ centroid: [Double]) -> Double { (centroid[2] + centroid[5]) / 2 }

    static func engagementScore(_ centroid: [Double]) -> Double {
        (centroid[0] + centroid[1] - centroid[3] + centroid[4]) / 4
    }

    /// "high-value engaged", "mid-value steady", "low-value disengaging", …; a name shared by two
    /// centroids gets a suffix ordered by value ("… 2").
    static func names(centroids: [Double], k: Int, dimensions: Int) -> [String] {
        var names: [String] = []
        for c in 0..<k {
            let centroid = Array(centroids[(c * dimensions)..<((c + 1) * dimensions)])
            let value = valueScore(centroid)
            let engagement = engagementScore(centroid)
            let valueWord = value > 0.4 ? "high-value" : value < -0.4 ? "low-value" : "mid-value"
            let engagementWord = engagement > 0.3 ? "engaged" : engagement < -0.3 ? "disengaging" : "steady"
            names.append("\(valueWord) \(engagementWord)")
        }
        var seen: [String: Int] = [:]
        let order = (0..<k).sorted {
            valueScore(Array(centroids[($0 * dimensions)..<(($0 + 1) * dimensions)]))
                > valueScore(Array(centroids[($1 * dimensions)..<(($1 + 1) * dimensions)]))
        }
        var unique = names
        for c in order {
            let count = (seen[names[c]] ?? 0) + 1
            seen[names[c]] = count
            if count > 1 { unique[c] = "\(names[c]) \(count)" }
        }
        return unique
    }
}
