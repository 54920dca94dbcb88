/// How customers are segmented for offer learning (YAML key `segmentation`).
public struct SegmentationSettings: Sendable, Equatable {
    /// A fixed number of clusters; `nil` picks k by silhouette over `minK…maxK`.
    public var k: Int?
    public var minK: Int
    public var maxK: Int
    /// Seed for k-means++ and the sampling below; the same seed gives the same segments.
    public var seed: UInt64
    /// k-means runs on at most this many customers (a seeded sample); everyone is then
    /// assigned to the nearest centroid. Keeps 500,000 customers cheap.
    public var sampleSize: Int
    /// Silhouette is quadratic, so it is computed on a smaller seeded sample.
    public var silhouetteSampleSize: Int

    public init(
        k: Int? = nil, minK: Int = 2, maxK: Int = 8, seed: UInt64 = 2_024,
        sampleSize: Int = 20_000, silhouetteSampleSize: Int = 2_000
    ) {
        self.k = k
        self.minK = minK
        self.maxK = maxK
        self.seed = seed
        self.sampleSize = sampleSize
        self.silhouetteSampleSize = silhouetteSampleSize
    }

    public static let `default` = SegmentationSettings()
}
