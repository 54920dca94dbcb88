import ChurnModel

/// k-means clustering with k-means++ seeding, on points stored row by row in one flat array.
///
/// Deterministic for a given seed: the seeding draws come from `SplitMix64`, and ties
/// go to the lowest cluster index.
public struct KMeans: Sendable {
    public let dimensions: Int
    public var maxIterations: Int

    public init(dimensions: Int, maxIterations: Int = 100) {
        precondition(dimensions > 0, "k-means needs at least one dimension")
        self.dimensions = dimensions
        self.maxIterations = maxIterations
    }

    /// The result of one clustering: `k` centroids (flat, `k × dimensions`) and each point's cluster.
    public struct Result: Sendable, Equatable {
        public var centroids: [Double]
        public var assignments: [Int]
        /// Sum of squared distances of points to their centroid.
        public var inertia: Double
    }

    /// Clusters `points` (flat, `n × dimensions`) into `k` clusters.
    public func fit(_ points: [Double], k: Int, seed: UInt64) -> Result {
        let n = points.count / dimensions
        precondition(n >= k && k >= 1, "k-means needs at least k points")
        var generator = SplitMix64(seed: seed)
        var centroids = seedCentroids(points, count: n, k: k, generator: &generator)
        var assignments = Array(repeating: -1, count: n)
        var inertia = 0.0
        for _ in 0..<maxIterations {
            var changed = false
            inertia = 0
            for i in 0..<n {
                let (best, distance) = nearest(points, i, centroids: centroids, k: k)
                inertia += distance
                if assignments[i] != best {
                    assignments[i] = best
                    changed = true
                }
            }
            if !changed { break }
            var sums = Array(repeating: 0.0, count: k * dimensions)
            var counts = Array(repeating: 0, count: k)
            for i in 0..<n {
                let c = assignments[i]
                counts[c] += 1
                for d in 0..<dimensions { sums[c * dimensions + d] += points[i * dimensions + d] }
            }
            for c in 0..<k where counts[c] > 0 {
                for d in 0..<dimensions { centroids[c * dimensions + d] = sums[c * dimensions + d] / Double(counts[c]) }
            }
        }
        return Result(centroids: centroids, assignments: assignments, inertia: inertia)
    }

    /// The cluster nearest to row `i` of `points`, and its squared distance.
    public func nearest(_ points: [Double], _ i: Int, centroids: [Double], k: Int) -> (Int, Double) {
        var best = 0
        var bestDistance = Double.infinity
        let base = i * dimensions
        for c in 0..<k {
            var distance = 0.0
            let centre = c * dimensions
            for d in 0..<dimensions {
                let delta = points[base + d] - centroids[centre + d]
                distance += delta * delta
            }
            if distance < bestDistance {
                bestDistance = distance
                best = c
            }
        }
        return (best, bestDistance)
    }

    /// k-means++: the first centre uniformly, each next one with probability proportional to
    /// the squared distance to the nearest centre chosen so far.
    private func seedCentroids(_ points: [Double], count n: Int, k: Int, generator: inout SplitMix64) -> [Double] {
        var centroids: [Double] = []
        centroids.reserveCapacity(k * dimensions)
        let first = Int(generator.next() % UInt64(n))
        centroids.append(contentsOf: points[(first * dimensions)..<((first + 1) * dimensions)])
        var distances = (0..<n).map { squaredDistance(points, $0, centroids, 0) }
        for c in 1..<k {
            let total = distances.reduce(0, +)
            var chosen = n - 1
            if total > 0 {
                var target = generator.nextUnit() * total
                for i in 0..<n {
                    target -= distances[i]
                    if target < 0 {
                        chosen = i
                        break
                    }
                }
            } else {
                chosen = Int(generator.next() % UInt64(n))
            }
            centroids.append(contentsOf: points[(chosen * dimensions)..<((chosen + 1) * dimensions)])
            for i in 0..<n { distances[i] = min(distances[i], squaredDistance(points, i, centroids, c)) }
        }
        return centroids
    }

    private func squaredDistance(_ points: [Double], _ i: Int, _ centroids: [Double], _ c: Int) -> Double {
        var distance = 0.0
        for d in 0..<dimensions {
            let delta = points[i * dimensions + d] - centroids[c * dimensions + d]
            distance += delta * delta
        }
        return distance
    }

    /// Mean silhouette of a clustering (−1…1; higher is better separated): for each point,
    /// `(b − a) / max(a, b)` with `a` its mean distance to its own cluster and `b` the mean
    /// distance to the nearest other cluster. Quadratic in the number of points.
    public func silhouette(_ points: [Double], assignments: [Int], k: Int) -> Double {
        let n = assignments.count
        guard n > 1, k > 1 else { return 0 }
        var sizes = Array(repeating: 0, count: k)
        for c in assignments { sizes[c] += 1 }
        var total = 0.0
        var sums = Array(repeating: 0.0, count: k)
        for i in 0..<n {
            for c in 0..<k { sums[c] = 0 }
            for j in 0..<n where j != i {
                var distance = 0.0
                for d in 0..<dimensions {
                    let delta = points[i * dimensions + d] - points[j * dimensions + d]
                    distance += delta * delta
                }
                sums[assignments[j]] += distance.squareRoot()
            }
            let own = assignments[i]
            guard sizes[own] > 1 else { continue }  // a singleton's silhouette is 0 by convention
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0..<k where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
            guard b.isFinite else { continue }
            let denominator = max(a, b)
            if denominator > 0 { total += (b - a) / denominator }
        }
        return total / Double(n)
    }
}
