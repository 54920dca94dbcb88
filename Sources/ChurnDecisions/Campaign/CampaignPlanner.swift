import ChurnModel
import Foundation

/// Plans one campaign: scored customers → filter chain → segments → expected-value decisions →
/// holdout → action plan, with the funnel counts at every stage.
///
/// Pure and deterministic: the same program, customers, learner, campaign id and seed give the
/// same plan. Storing candidates, writing CSV/JSON and sending offers belong to the caller.
public struct CampaignPlanner: Sendable {
    public let program: RetentionProgram
    public let engine: DecisionEngine
    public var learner: OfferLearner
    public var selection: OfferSelection

    /// - Parameters:
    ///   - learner: beliefs about each offer in each segment; the program's priors when `nil`.
    ///   - selection: Thompson sampling by default, seeded by the program's segmentation seed.
    public init(program: RetentionProgram, learner: OfferLearner? = nil, selection: OfferSelection? = nil) {
        self.program = program
        self.engine = DecisionEngine(program: program)
        self.learner = learner ?? OfferLearner(offers: program.offers)
        self.selection = selection ?? .thompson(seed: program.segmentation.seed)
    }

    public static let expectedValueStage = "expected-value"
    public static let holdoutStage = "holdout"

    /// Plans a campaign for `customers` as of `asOf`.
    ///
    /// - Parameter segmentation: precomputed segments for `customers` (same order); when `nil`,
    ///   customers without a `segment` are segmented here with the program's settings.
    public func plan(
        customers: [CustomerDecisionInput], campaignID: String, asOf: Date,
        segmentation: CustomerSegmentation? = nil
    ) -> CampaignPlan {
        let (passed, filterFunnel) = FilterChain(program: program).apply(to: customers, asOf: asOf)
        var funnel = filterFunnel

        let segments: [String]
        var profiles: [SegmentProfile] = []
        if let segmentation {
            segments = segmentation.assignments
            profiles = segmentation.segments
        } else if customers.allSatisfy({ $0.segment != nil }) {
            segments = customers.map { $0.segment! }
            profiles = Self.profiles(of: segments)
        } else {
            let computed = CustomerSegmenter(settings: program.segmentation).segment(customers)
            segments = customers.indices.map { customers[$0].segment ?? computed.assignments[$0] }
            profiles = computed.segments
        }

        let holdoutAssigner = HoldoutAssigner(share: program.holdoutShare)
        let signalCriteria = program.filterChain.lazy.compactMap { filter -> ChurnSignalCriteria? in
            if case .churnSignal(let criteria) = filter { return criteria }
            return nil
        }.first ?? ChurnSignalCriteria()

        var candidates: [CampaignCandidate] = []
        var holdout: [CampaignCandidate] = []
        var targetedIDs = Set<Int>()
        for index in passed {
            let customer = customers[index]
            let decision = engine.decide(customer, segment: segments[index], learner: learner,
                                         selection: selection, campaignID: campaignID)
            guard let chosen = decision.chosen, let route = decision.route else { continue }
            targetedIDs.insert(index)
            let candidate = CampaignCandidate(
                customerID: customer.customerID, riskLevel: decision.riskLevel,
                churnProbability: customer.churnProbability, segment: decision.segment, offerID: chosen.offer.id,
                offerType: chosen.offer.offerType, channel: chosen.channel, route: route,
                lifetimeValue: decision.lifetimeValue, lift: chosen.lift, cost: chosen.cost,
                expectedValue: chosen.expectedValue, priority: chosen.expectedValue,
                reasons: reasons(customer, decision: decision, chosen: chosen, route: route, signals: signalCriteria),
                isHoldout: holdoutAssigner.isHoldout(customerID: customer.customerID, campaignID: campaignID))
            if candidate.isHoldout { holdout.append(candidate) } else { candidates.append(candidate) }
        }
        let targeted = candidates.count + holdout.count
        funnel.stages.append(FunnelStage(name: Self.expectedValueStage, removed: passed.count - targeted, remaining: targeted))
        funnel.stages.append(FunnelStage(name: Self.holdoutStage, removed: holdout.count, remaining: candidates.count))

        candidates.sort { ($0.priority, $1.customerID) > ($1.priority, $0.customerID) }
        var monitored: [String] = []
        for index in customers.indices where !targetedIDs.contains(index)
            && program.routing.monitors(churnProbability: customers[index].churnProbability) {
            monitored.append(customers[index].customerID)
        }
        let expiresAt = asOf.addingTimeInterval(Double(program.candidateTTLDays) * 86_400)
        return CampaignPlan(campaignID: campaignID, programID: program.programID, asOf: asOf, expiresAt: expiresAt,
                            candidates: candidates, holdout: holdout, monitored: monitored, funnel: funnel,
                            segments: profiles)
    }

    /// Why this customer is in the plan, in words a retention team reads.
    private func reasons(
        _ customer: CustomerDecisionInput, decision: CustomerDecision, chosen: OfferEvaluation, route: Route,
        signals: ChurnSignalCriteria
    ) -> [String] {
        var reasons = ["risk \(decision.riskLevel.rawValue): p = \(Self.format(customer.churnProbability, 2))"]
        reasons.append(contentsOf: signals.signalReasons(customer))
        reasons.append("value if saved \(Self.format(decision.lifetimeValue, 0)), segment \(decision.segment)")
        var offerReason = "\(chosen.offer.id): EV \(Self.format(chosen.expectedValue, 2)) "
            + "(lift \(Self.format(chosen.lift, 2)), cost \(Self.format(chosen.cost, 2)))"
        if let runnerUp = decision.evaluations.first(where: { $0.offer.id != chosen.offer.id }) {
            offerReason += "; \(runnerUp.offer.id): EV \(Self.format(runnerUp.expectedValue, 2))"
        }
        reasons.append(offerReason)
        let routing = program.routing
        switch route {
        case .urgent:
            reasons.append("urgent: p > \(Self.format(routing.urgentMinProbability, 2)) and value > \(Self.format(routing.urgentMinValue, 0))")
        case .manualReview:
            reasons.append("manual review: value > \(Self.format(routing.manualReviewMinValue, 0))")
        case .autoExecute, .monitor:
            break
        }
        return reasons
    }

    /// Fixed-point text of `value` (`String(format:)` is the slowest part of a 500,000-customer
    /// plan otherwise).
    static func format(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    static func profiles(of segments: [String]) -> [SegmentProfile] {
        var sizes: [String: Int] = [:]
        for segment in segments { sizes[segment, default: 0] += 1 }
        return sizes.keys.sorted().map {
            SegmentProfile(name: $0, size: sizes[$0]!, centroid: [], valueScore: 0, engagementScore: 0)
        }
    }
}
