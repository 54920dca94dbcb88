import ChurnModel

/// What a campaign achieved, from its candidates and their outcomes: the figures a retention
/// dashboard shows (retention by tier and offer, revenue saved, cost, ROI, cost per retained
/// customer, lift over the holdout).
///
/// Revenue saved counts only what the holdout shows the offers added: the lift (treated minus
/// control retention) × the treated customers' value once saved. Retention the customers would
/// have had anyway is not credited to the campaign.
public struct CampaignReport: Sendable, Equatable, Codable {
    /// Retention among treated customers with an outcome.
    public struct Rate: Sendable, Equatable, Codable {
        public var customers: Int
        public var retained: Int
        public var rate: Double { customers > 0 ? Double(retained) / Double(customers) : 0 }
    }

    public var treated: Rate
    public var control: Rate
    public var retentionByTier: [String: Rate]
    public var retentionByOffer: [String: Rate]
    /// Offer cost of treated customers with an outcome.
    public var campaignCost: Double
    public var revenueSaved: Double
    /// `(revenueSaved − campaignCost) / campaignCost`; `nil` without cost.
    public var returnOnInvestment: Double?
    /// `campaignCost` per customer retained beyond the control rate; `nil` when lift ≤ 0.
    public var costPerRetainedCustomer: Double?
    /// Lift over the holdout with its interval; `nil` when either group has no outcome yet.
    public var lift: LiftEstimate?

    /// Joins `outcomes` to `candidates` (holdout candidates included) by customer id; outcomes of
    /// customers not in the plan are ignored.
    public init(candidates: [CampaignCandidate], outcomes: [RetentionOutcome], confidence: Double = 0.95) {
        var byCustomer: [String: CampaignCandidate] = [:]
        for candidate in candidates { byCustomer[candidate.customerID] = candidate }
        var treated = Rate(customers: 0, retained: 0)
        var control = Rate(customers: 0, retained: 0)
        var byTier: [String: Rate] = [:]
        var byOffer: [String: Rate] = [:]
        var cost = 0.0
        var treatedValue = 0.0
        var joined: [RetentionOutcome] = []
        for outcome in outcomes {
            guard let candidate = byCustomer[outcome.customerID] else { continue }
            joined.append(outcome)
            let retained = outcome.retained ? 1 : 0
            if candidate.isHoldout {
                control.customers += 1
                control.retained += retained
                continue
            }
            treated.customers += 1
            treated.retained += retained
            byTier[candidate.riskLevel.rawValue, default: Rate(customers: 0, retained: 0)].customers += 1
            byTier[candidate.riskLevel.rawValue]!.retained += retained
            byOffer[candidate.offerID, default: Rate(customers: 0, retained: 0)].customers += 1
            byOffer[candidate.offerID]!.retained += retained
            cost += candidate.cost
            treatedValue += candidate.lifetimeValue
        }
        self.treated = treated
        self.control = control
        retentionByTier = byTier
        retentionByOffer = byOffer
        campaignCost = cost
        lift = LiftEstimate(treatedCount: treated.customers, treatedRetained: treated.retained,
                            controlCount: control.customers, controlRetained: control.retained, confidence: confidence)
        let difference = lift?.lift ?? 0
        revenueSaved = difference * treatedValue
        returnOnInvestment = cost > 0 ? (revenueSaved - cost) / cost : nil
        let incremental = difference * Double(treated.customers)
        costPerRetainedCustomer = incremental > 0 ? cost / incremental : nil
    }
}
