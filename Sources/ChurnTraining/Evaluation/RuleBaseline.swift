import ChurnModel

/// The rule a retention team uses without a model: flag a customer when engagement fell by more
/// than 30%, or they opened 3+ tickets in 30 days, or their contract ends within 60 days.
///
/// The score is the share of the three signals that fire (0, ⅓, ⅔, 1), so the rule can be ranked
/// as well as thresholded; with the HIGH threshold of 0.70 it flags customers with all three signals,
/// and at any positive score with at least one.
public struct RuleBaseline: Sendable {
    public static let description = "engagement fell > 30% (30 vs previous 60 days) or >= 3 tickets in 30 days or contract ends in < 60 days"

    private let engagementRatio: Int
    private let tickets: Int
    private let contractDays: Int

    /// Nil when the schema lacks the features the rule reads (flat imports usually do).
    public init?(schema: FeatureSchema) {
        guard let engagementRatio = schema.names.firstIndex(of: "active_days_ratio_30_vs_60"),
            let tickets = schema.names.firstIndex(of: "support_ticket_volume_30d"),
            let contractDays = schema.names.firstIndex(of: "contract_days_remaining")
        else { return nil }
        self.engagementRatio = engagementRatio
        self.tickets = tickets
        self.contractDays = contractDays
    }

    /// Scores rows given per-feature numeric columns (NaN = missing, which fires no signal).
    public func scores(numericColumns: [[Double]], rows: [Int]) -> [Double] {
        rows.map { row in
            var fired = 0
            if numericColumns[engagementRatio][row] < 0.7 { fired += 1 }
            if numericColumns[tickets][row] >= 3 { fired += 1 }
            if numericColumns[contractDays][row] < 60 { fired += 1 }
            return Double(fired) / 3
        }
    }
}
