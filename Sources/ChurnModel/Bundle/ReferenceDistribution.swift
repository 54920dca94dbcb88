/// The distribution of one feature (or of the score) on the training data, kept in the bundle so
/// that drift (PSI, KS) can later be measured against what the model actually saw.
///
/// Numeric values are summarised by decile edges and the share of rows in each bin (plus the
/// share missing); categorical values by the share of each category. Numeric (and boolean)
/// references also keep a bounded, seeded sample of the present values, because the tests that
/// compare whole distributions (Kolmogorov–Smirnov, Wasserstein) need values, not bins. Bundles
/// written before the sample existed decode with `sample == nil`; monitoring then falls back to
/// the bins.
public struct ReferenceDistribution: Codable, Sendable, Equatable {
    /// The most values ``sample`` keeps: enough for KS and Wasserstein to resolve drifts of a few
    /// percent, small enough to keep a 50-feature manifest a few megabytes.
    public static let maximumSampleSize = 5_000

    public var feature: String
    /// Upper edges of the bins (the last bin is open-ended); empty for categorical features.
    public var binEdges: [Double]
    /// Share of non-missing rows per bin (numeric) or per category (categorical).
    public var shares: [Double]
    public var categories: [String]?
    public var missingShare: Double
    public var count: Int
    /// Up to ``maximumSampleSize`` present values drawn uniformly without replacement (a seeded
    /// reservoir), in draw order; nil for categorical features and for bundles older than the field.
    public var sample: [Double]?

    public init(
        feature: String, binEdges: [Double], shares: [Double], categories: [String]?, missingShare: Double, count: Int,
        sample: [Double]? = nil
    ) {
        self.feature = feature
        self.binEdges = binEdges
        self.shares = shares
        self.categories = categories
        self.missingShare = missingShare
        self.count = count
        self.sample = sample
    }

    /// Decile bins of numeric values (NaN is missing) and, with `sampleSeed`, a reservoir sample of
    /// the present values.
    public static func numeric(feature: String, values: [Double], bins: Int = 10, sampleSeed: UInt64? = nil) -> ReferenceDistribution {
        let present = values.filter { !$0.isNaN }.sorted()
        let missing = values.isEmpty ? 0 : Double(values.count - present.count) / Double(values.count)
        let sample = sampleSeed.map { seed in
            ReservoirSample.draw(values.lazy.filter { !$0.isNaN }, size: maximumSampleSize, seed: seed)
        }
        guard !present.isEmpty else {
            return ReferenceDistribution(
                feature: feature, binEdges: [], shares: [], categories: nil, missingShare: missing, count: values.count, sample: sample)
        }
        var edges: [Double] = []
        for bin in 1..<bins {
            let edge = present[min(present.count - 1, bin * present.count / bins)]
            if edges.last != edge { edges.append(edge) }
        }
        var counts = [Int](repeating: 0, count: edges.count + 1)
        for value in present {
            // Bin i holds values < edges[i] (and ≥ edges[i-1]).
            var low = 0, high = edges.count
            while low < high {
                let mid = (low + high) / 2
                if value < edges[mid] { high = mid } else { low = mid + 1 }
            }
            counts[low] += 1
        }
        let shares = counts.map { Double($0) / Double(present.count) }
        return ReferenceDistribution(
            feature: feature, binEdges: edges, shares: shares, categories: nil, missingShare: missing, count: values.count, sample: sample)
    }

    /// Category shares (nil is missing).
    public static func categorical(feature: String, values: [String?]) -> ReferenceDistribution {
        var counts: [String: Int] = [:]
        var missing = 0
        for value in values {
            if let value { counts[value, default: 0] += 1 } else { missing += 1 }
        }
        let present = values.count - missing
        let categories = counts.keys.sorted()
        let shares = categories.map { present == 0 ? 0 : Double(counts[$0]!) / Double(present) }
        return ReferenceDistribution(
            feature: feature, binEdges: [], shares: shares, categories: categories,
            missingShare: values.isEmpty ? 0 : Double(missing) / Double(values.count), count: values.count)
    }
}
