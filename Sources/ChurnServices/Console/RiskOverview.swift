import ChurnStore
import Foundation

/// What the console's overview shows, read from the store in one place: the latest scoring day's
/// served scores by tier, the tier counts across recent scoring days, the features that most
/// often lead the reasons of HIGH and CRITICAL customers, and the latest campaign's value at risk
/// by tier (lifetime value lives with campaign decisions, not with scores).
public struct RiskOverview: Sendable, Equatable {
    public static let tiers = ["CRITICAL", "HIGH", "MEDIUM", "LOW"]
    public static let atRiskTiers = ["CRITICAL", "HIGH"]

    public struct Day: Sendable, Equatable {
        public var day: String
        public var tierCounts: [String: Int]
    }

    /// The latest scoring day; nil before any batch scoring.
    public var day: String?
    public var tierCounts: [String: Int] = [:]
    /// Oldest first.
    public var trend: [Day] = []
    public var topReasons: [(feature: String, customers: Int)] = []
    public var campaignID: String?
    public var tierValues: [String: TierValue] = [:]

    public var scored: Int { tierCounts.values.reduce(0, +) }
    public var atRisk: Int { Self.atRiskTiers.reduce(0) { $0 + (tierCounts[$1] ?? 0) } }

    public init() {}

    public static func load(from store: ChurnStore, trendDays: Int = 14) async throws -> RiskOverview {
        var overview = RiskOverview()
        let days = try await store.predictionsLog.scoringDays(limit: trendDays)
        guard let latest = days.first else { return overview }
        overview.day = latest
        for day in days.reversed() {
            let counts = try await store.predictionsLog.tierCounts(asOf: day)
            overview.trend.append(Day(day: day, tierCounts: counts))
            if day == latest { overview.tierCounts = counts }
        }
        overview.topReasons = try await store.predictionsLog.topReasons(asOf: latest, riskLevels: atRiskTiers)
        if let campaign = try await store.campaigns.list(limit: 1).first {
            overview.campaignID = campaign.campaignID
            for value in try await store.campaigns.tierValues(campaignID: campaign.campaignID) {
                overview.tierValues[value.riskLevel] = value
            }
        }
        return overview
    }

    public static func == (lhs: RiskOverview, rhs: RiskOverview) -> Bool {
        lhs.day == rhs.day && lhs.tierCounts == rhs.tierCounts && lhs.trend == rhs.trend && lhs.campaignID == rhs.campaignID
            && lhs.tierValues == rhs.tierValues && lhs.topReasons.map(\.feature) == rhs.topReasons.map(\.feature)
            && lhs.topReasons.map(\.customers) == rhs.topReasons.map(\.customers)
    }
}
