import ChurnModel

/// Thompson sampling over offers, one Beta-Bernoulli arm per segment × offer.
///
/// Each arm's belief is about the retention lift — the chance that an at-risk customer who
/// gets the offer stays because of it — the same `lift` the expected-value formula uses. Arms
/// start from the program's priors (`priorLift`, `priorWeight`), so a cold start decides as
/// the program expects, and move with recorded outcomes.
///
/// An outcome does not show the lift directly: a customer who stayed may never have been
/// going to leave. With the churn probability `p` the decision used and the arm's current mean
/// lift `ℓ`, a churned customer is a failure (β += 1) and a retained one is a success with the
/// probability it was a save, `pℓ / (1 − p + pℓ)` (α += that). This is the expected-count
/// (EM) form of the Beta-Bernoulli update; its fixed point is the true lift.
public struct OfferLearner: Sendable, Equatable {
    public struct Arm: Sendable, Hashable {
        public var segment: String
        public var offerID: String

        public init(segment: String, offerID: String) {
            self.segment = segment
            self.offerID = offerID
        }
    }

    private var priors: [String: BetaPosterior]
    public private(set) var posteriors: [Arm: BetaPosterior] = [:]
    /// Outcomes already applied, so that the same outcome sent twice counts once.
    private var seen: Set<String> = []

    public init(offers: [OfferSpec]) {
        var priors: [String: BetaPosterior] = [:]
        for offer in offers { priors[offer.id] = BetaPosterior(mean: offer.priorLift, weight: offer.priorWeight) }
        self.priors = priors
    }

    /// The current belief about `offerID` in `segment` (its prior until an outcome arrives).
    public func posterior(segment: String, offerID: String) -> BetaPosterior {
        posteriors[Arm(segment: segment, offerID: offerID)] ?? priors[offerID] ?? BetaPosterior(mean: 0.2, weight: 2)
    }

    /// Applies one outcome; holdout outcomes carry no offer and are ignored here (they measure
    /// lift, see `LiftEstimate`). Returns false when the outcome was already applied.
    @discardableResult
    public mutating func record(_ outcome: RetentionOutcome) -> Bool {
        guard let offerID = outcome.offerID else { return false }
        guard seen.insert("\(outcome.campaignID)\u{1F}\(outcome.customerID)").inserted else { return false }
        let arm = Arm(segment: outcome.segment, offerID: offerID)
        var belief = posterior(segment: outcome.segment, offerID: offerID)
        if outcome.retained {
            let p = min(max(outcome.churnProbability, 0), 1)
            let lift = belief.mean
            let stayAnyway = 1 - p
            let saved = p * lift
            belief.alpha += saved / max(stayAnyway + saved, 1e-12)
        } else {
            belief.beta += 1
        }
        posteriors[arm] = belief
        return true
    }

    public mutating func record(_ outcomes: some Sequence<RetentionOutcome>) {
        for outcome in outcomes { record(outcome) }
    }

    /// Thompson sampling's choice among `offers` for `segment`: the offer whose sampled lift is
    /// highest.
    public func chooseOffer(segment: String, among offers: [OfferSpec], using generator: inout SplitMix64) -> OfferSpec? {
        var best: (offer: OfferSpec, draw: Double)?
        for offer in offers {
            let draw = posterior(segment: segment, offerID: offer.id).sample(using: &generator)
            if best == nil || draw > best!.draw { best = (offer, draw) }
        }
        return best?.offer
    }
}
