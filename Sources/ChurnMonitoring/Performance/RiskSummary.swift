import ChurnModel

/// What the scored day means for the business: customers and monthly revenue per risk tier, and the
/// monthly revenue expected to leave (Σ p × revenue over the customers whose revenue is known).
/// The executive dashboard reads it; it is measured on the same rows as the drift.
public struct RiskSummary: Sendable, Codable, Equatable {
    public struct Tier: Sendable, Codable, Equatable {
        public var level: String
        public var customers: Int
        /// Monthly revenue of the tier's customers whose revenue is known.
        public var monthlyRevenue: Double

        enum CodingKeys: String, CodingKey {
            case level, customers
            case monthlyRevenue = "monthly_revenue"
        }
    }

    /// Every tier the thresholds define, lowest first, even when empty (a dashboard's series stay put).
    public var tiers: [Tier]
    public var expectedMonthlyRevenueLoss: Double
    /// Customers whose monthly revenue was known; the revenue figures cover only them.
    public var customersWithRevenue: Int

    enum CodingKeys: String, CodingKey {
        case tiers
        case expectedMonthlyRevenueLoss = "expected_monthly_revenue_loss"
        case customersWithRevenue = "customers_with_revenue"
    }

    /// `monthlyRevenue[i]` is nil where customer i's revenue is unknown.
    public init(probabilities: [Double], monthlyRevenue: [Double?], thresholds: TierThresholds) {
        precondition(probabilities.count == monthlyRevenue.count, "one revenue (or nil) per probability")
        var customers: [RiskLevel: Int] = [:]
        var revenue: [RiskLevel: Double] = [:]
        var loss = 0.0
        var known = 0
        for (p, mrr) in zip(probabilities, monthlyRevenue) {
            let level = thresholds.level(for: p)
            customers[level, default: 0] += 1
            guard let mrr, mrr.isFinite, mrr >= 0 else { continue }
            known += 1
            revenue[level, default: 0] += mrr
            loss += p * mrr
        }
        let levels = RiskLevel.allCases.filter { $0 != .critical || thresholds.critical != nil }
        tiers = levels.map { Tier(level: $0.rawValue, customers: customers[$0] ?? 0, monthlyRevenue: revenue[$0] ?? 0) }
        expectedMonthlyRevenueLoss = loss
        customersWithRevenue = known
    }
}
