import ChurnModel
import Foundation

/// Runs a program's filters in order over scored customers and counts what each removed.
///
/// The first stage, `risk-tier`, is implicit: customers whose tier has no offer in the program
/// (LOW, usually) cannot be targeted, so they leave before the configured filters run.
public struct FilterChain: Sendable {
    public let program: RetentionProgram
    private let ranks: [String: Int]

    public init(program: RetentionProgram) {
        self.program = program
        var ranks: [String: Int] = [:]
        for (index, tier) in program.subscriptionTiers.enumerated() { ranks[tier] = index }
        self.ranks = ranks
    }

    /// The name of the implicit first stage.
    public static let riskTierStage = "risk-tier"

    /// The lowest churn probability at which a customer can matter to this program: be targeted
    /// (its tier has an offer) or be monitored. Below it the risk-tier stage removes everyone, so a
    /// caller may leave such customers out of the input and count them as removed there.
    public var minimumRelevantProbability: Double {
        let lowestOfferTier = program.offers.map(\.riskLevel).min() ?? .critical
        let tierCutoff: Double
        switch lowestOfferTier {
        case .low: tierCutoff = 0
        case .medium: tierCutoff = program.tiers.medium
        case .high: tierCutoff = program.tiers.high
        case .critical: tierCutoff = program.tiers.critical ?? 1
        }
        return min(tierCutoff, program.routing.monitorMinProbability)
    }

    /// Indices into `customers` that pass every stage, and the funnel.
    public func apply(to customers: [CustomerDecisionInput], asOf: Date) -> (passed: [Int], funnel: FilterFunnel) {
        let lowestOfferTier = program.offers.map(\.riskLevel).min() ?? .critical
        var survivors: [Int] = []
        survivors.reserveCapacity(customers.count)
        for index in customers.indices
        where program.tiers.level(for: customers[index].churnProbability) >= lowestOfferTier {
            survivors.append(index)
        }
        var funnel = FilterFunnel(entered: customers.count)
        funnel.stages.append(FunnelStage(
            name: Self.riskTierStage, removed: customers.count - survivors.count, remaining: survivors.count))
        let rank: (String) -> Int? = { ranks[$0] }
        for filter in program.filterChain {
            let before = survivors.count
            survivors.removeAll { !filter.admits(customers[$0], asOf: asOf, subscriptionRank: rank) }
            funnel.stages.append(FunnelStage(name: filter.name, removed: before - survivors.count, remaining: survivors.count))
        }
        return (survivors, funnel)
    }
}
