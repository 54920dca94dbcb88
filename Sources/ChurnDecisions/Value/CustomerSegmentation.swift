/// Behavioural segments of a population: which segment each customer is in, what each segment
/// looks like, and its name.
///
/// Produced by `CustomerSegmenter`. Names come from the centroids ("high-value engaged",
/// "low-value disengaging"), so that a segment keeps its name from one campaign to the next even
/// when k-means numbers its clusters differently; offer learning keys on the name.
public struct CustomerSegmentation: Sendable, Equatable {
    /// Segment name of each customer, in input order.
    public var assignments: [String]
    public var rfm: [RFMScore]
    public var segments: [SegmentProfile]
    /// Mean silhouette of each k tried (empty when k was fixed).
    public var silhouetteByK: [Int: Double]
    public var k: Int { segments.count }

    public init(assignments: [String], rfm: [RFMScore], segments: [SegmentProfile], silhouetteByK: [Int: Double]) {
        self.assignments = assignments
        self.rfm = rfm
        self.segments = segments
        self.silhouetteByK = silhouetteByK
    }
}

/// One segment: its name, size and centroid in the standardized feature space.
public struct SegmentProfile: Sendable, Equatable, Codable {
    public var name: String
    public var size: Int
    /// Centroid per feature of `CustomerSegmenter.featureNames`, in standard deviations from the mean.
    public var centroid: [Double]
    /// Position on the value axis (mean of the monetary and revenue coordinates).
    public var valueScore: Double
    /// Position on the engagement axis (logins, recency, frequency up; engagement decline down).
    public var engagementScore: Double
}
