import ChurnModel
import Foundation

/// A seeded population with a ground-truth response model, for running campaigns end to end
/// and judging decisions against what really happens.
///
/// Each customer belongs to an archetype that sets their true churn probability, revenue,
/// behaviour and reaction to each kind of offer. The model's probability is the true one with
/// log-odds noise (`modelNoise`), as a calibrated but imperfect model would give. Responses:
/// a customer who would churn stays with the offer's true lift; one who would not churn stays.
public struct RetentionSimulator: Sendable {
    public var archetypes: [CustomerArchetype]
    /// Standard deviation of the model's log-odds error.
    public var modelNoise: Double
    public var seed: UInt64

    public init(archetypes: [CustomerArchetype] = CustomerArchetype.standard, modelNoise: Double = 0.6, seed: UInt64 = 1) {
        self.archetypes = archetypes
        self.modelNoise = modelNoise
        self.seed = seed
    }

    /// `count` customers with ids `prefix-0`, `prefix-1`, …, archetypes drawn by their shares.
    public func population(count: Int, idPrefix: String = "sim") -> [SimulatedCustomer] {
        var generator = SplitMix64(seed: seed)
        let totalShare = archetypes.reduce(0) { $0 + $1.share }
        return (0..<count).map { index in
            var pick = generator.nextUnit() * totalShare
            var archetype = archetypes[archetypes.count - 1]
            for candidate in archetypes {
                pick -= candidate.share
                if pick < 0 {
                    archetype = candidate
                    break
                }
            }
            return customer(of: archetype, id: "\(idPrefix)-\(index)", using: &generator)
        }
    }

    /// One customer of `archetype`, drawn with `generator`.
    public func customer(of archetype: CustomerArchetype, id: String, using generator: inout SplitMix64) -> SimulatedCustomer {
        let tiers = ["basic", "standard", "premium", "enterprise"]
        let logOdds = archetype.churnLogOdds + archetype.churnLogOddsSpread * BetaPosterior.standardNormal(using: &generator)
        let truth = 1 / (1 + exp(-logOdds))
        let modelProbability = 1 / (1 + exp(-(logOdds + modelNoise * BetaPosterior.standardNormal(using: &generator))))
        let revenue = archetype.medianMonthlyRevenue * exp(archetype.revenueSpread * BetaPosterior.standardNormal(using: &generator))
        let tenure = 3 + generator.nextUnit() * 45
        let decline = min(max(archetype.engagementDecline + 0.15 * BetaPosterior.standardNormal(using: &generator), -0.5), 1)
        let loginRatio = max(archetype.loginFrequencyRatio * exp(0.3 * BetaPosterior.standardNormal(using: &generator)), 0)
        let days = max(0, Int((archetype.daysSinceLastPurchase * exp(0.4 * BetaPosterior.standardNormal(using: &generator))).rounded()))
        let frequency = max(0, archetype.purchaseFrequency * exp(0.4 * BetaPosterior.standardNormal(using: &generator)))
        let tierIndex = min(tiers.count - 1, max(0, Int(log2(max(revenue, 1) / 20))))
        let input = CustomerDecisionInput(
            customerID: id, churnProbability: modelProbability, monthlyRevenue: revenue,
            lifetimeValue: revenue * tenure, subscriptionTier: tiers[tierIndex], engagementDecline: decline,
            loginFrequencyRatio: loginRatio, daysSinceLastPurchase: days, purchaseFrequency: frequency)
        return SimulatedCustomer(
            input: input, archetype: archetype.name, trueChurnProbability: truth,
            wouldChurn: generator.nextUnit() < truth, liftByOfferType: archetype.liftByOfferType,
            defaultLift: archetype.defaultLift)
    }

    /// Whether `customer` stays after receiving an offer of `offerType` (`nil`: no offer), drawn
    /// with `generator`: customers who would not churn stay; those who would are saved with the
    /// offer's true lift.
    public func retained(_ customer: SimulatedCustomer, offerType: String?, using generator: inout SplitMix64) -> Bool {
        guard customer.wouldChurn else { return true }
        guard let offerType else { return false }
        return generator.nextUnit() < customer.trueLift(offerType: offerType)
    }

    /// Expected net revenue of giving `offer` to `customer`, by the truth: the chance they would
    /// churn × the true lift × their true value once saved − the offer's cost.
    public func trueNetValue(
        _ customer: SimulatedCustomer, offer: OfferSpec, channel: String, valueModel: CustomerValueModel
    ) -> Double {
        let value = valueModel.valueIfRetained(monthlyRevenue: customer.input.monthlyRevenue)
        return customer.trueChurnProbability * customer.trueLift(offerType: offer.offerType) * value
            - valueModel.cost(of: offer, monthlyRevenue: customer.input.monthlyRevenue, channel: channel)
    }
}
