/// Recency, frequency and monetary scores (1…5 each, 5 best) of one customer, by quintile
/// within the scored population.
public struct RFMScore: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var recency: Int
    public var frequency: Int
    public var monetary: Int

    public init(recency: Int, frequency: Int, monetary: Int) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// The usual compact form, e.g. "545".
    public var description: String { "\(recency)\(frequency)\(monetary)" }

    /// Scores every customer: recency from days since last purchase (fewer days score higher),
    /// frequency from purchases in 90 days, monetary from lifetime value. An unknown recency or
    /// frequency scores 1, the worst quintile.
    public static func scores(for customers: [CustomerDecisionInput]) -> [RFMScore] {
        let recency = quintiles(customers.map { $0.daysSinceLastPurchase.map { -Double($0) } })
        let frequency = quintiles(customers.map(\.purchaseFrequency))
        let monetary = quintiles(customers.map { Optional($0.lifetimeValue) })
        return customers.indices.map { RFMScore(recency: recency[$0], frequency: frequency[$0], monetary: monetary[$0]) }
    }

    /// Quintile (1…5) of each value among the known values, higher values scoring higher; equal
    /// values share a score (the quintile of their first rank); `nil` scores 1.
    static func quintiles(_ values: [Double?]) -> [Int] {
        let known = values.indices.compactMap { index in values[index].map { (index, $0) } }
            .sorted { $0.1 < $1.1 }
        var scores = Array(repeating: 1, count: values.count)
        guard !known.isEmpty else { return scores }
        var firstRank = 0
        for (rank, (index, value)) in known.enumerated() {
            if rank > 0, value != known[rank - 1].1 { firstRank = rank }
            scores[index] = 1 + min(4, firstRank * 5 / known.count)
        }
        return scores
    }
}
