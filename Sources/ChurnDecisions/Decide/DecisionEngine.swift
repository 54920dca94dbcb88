import ChurnModel

/// Decides, for one customer, whether an offer is worth making, which one, through which
/// channel, and where the decision goes (the routing rules).
///
/// A customer may receive any offer meant for their risk tier or a lower one. Each is valued as
/// `EV = p × CLV × lift − cost`, with CLV the customer's value once saved and lift the learner's
/// belief for the customer's segment. The customer is targeted only when the best expected
/// value is positive; the offer is then chosen by `OfferSelection` among the positive ones.
public struct DecisionEngine: Sendable {
    public let program: RetentionProgram
    public let valueModel: CustomerValueModel
    private let offersByLevel: [RiskLevel: [OfferSpec]]

    public init(program: RetentionProgram) {
        self.program = program
        self.valueModel = CustomerValueModel(economics: program.economics)
        var offersByLevel: [RiskLevel: [OfferSpec]] = [:]
        for level in RiskLevel.allCases { offersByLevel[level] = program.offers(for: level) }
        self.offersByLevel = offersByLevel
    }

    public func decide(
        _ customer: CustomerDecisionInput, segment: String, learner: OfferLearner,
        selection: OfferSelection, campaignID: String
    ) -> CustomerDecision {
        let p = min(max(customer.churnProbability, 0), 1)
        let level = program.tiers.level(for: p)
        let clv = valueModel.valueIfRetained(monthlyRevenue: customer.monthlyRevenue)
        let targetedRoute = program.routing.routeTargeted(churnProbability: p, lifetimeValue: clv)

        var generator: SplitMix64?
        if case .thompson(let seed) = selection {
            generator = SplitMix64(seed: seed ^ HoldoutAssigner.stableHash(customer.customerID, campaignID))
        }
        var evaluations: [OfferEvaluation] = []
        for offer in offersByLevel[level] ?? [] {
            let channel = self.channel(for: offer, route: targetedRoute)
            let belief = learner.posterior(segment: segment, offerID: offer.id)
            let cost = valueModel.cost(of: offer, monthlyRevenue: customer.monthlyRevenue, channel: channel)
            let atStake = p * clv
            var sampledLift = belief.mean
            if generator != nil { sampledLift = belief.sample(using: &generator!) }
            evaluations.append(OfferEvaluation(
                offer: offer, channel: channel, lift: belief.mean, cost: cost,
                expectedValue: atStake * belief.mean - cost, sampledValue: atStake * sampledLift - cost))
        }
        evaluations.sort { $0.expectedValue > $1.expectedValue }

        var chosen: OfferEvaluation?
        if let best = evaluations.first, best.expectedValue > 0 {
            chosen = evaluations.filter { $0.expectedValue > 0 }.max { $0.sampledValue < $1.sampledValue } ?? best
        }
        let route: Route? = chosen != nil ? targetedRoute : (program.routing.monitors(churnProbability: p) ? .monitor : nil)
        return CustomerDecision(riskLevel: level, segment: segment, lifetimeValue: clv, chosen: chosen,
                                evaluations: evaluations, route: route)
    }

    /// The offer's own channel; else the phone for a personal call or an urgent case, in-app for
    /// an engagement offer, and otherwise the program's first channel — each only when the
    /// program lists it.
    public func channel(for offer: OfferSpec, route: Route) -> String {
        if let channel = offer.channel { return channel }
        let channels = program.channels
        if (offer.includePersonalCall || route == .urgent), channels.contains("phone") { return "phone" }
        if offer.offerType == "engagement", channels.contains("in-app") { return "in-app" }
        return channels.first ?? "email"
    }
}
