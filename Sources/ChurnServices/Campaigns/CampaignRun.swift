import ChurnData
import ChurnDecisions
import ChurnDelivery
import ChurnModel
import ChurnStore
import Foundation

/// One campaign from the store: the served scores of a snapshot date and the customers' online
/// features → decision inputs (with each customer's offer history in the program) → the planner,
/// with offer beliefs learned from every outcome recorded for the program → the campaign, its
/// candidates and (when delivery is configured) its outbox messages stored in one transaction.
public struct CampaignRun: Sendable {
    public let store: ChurnStore
    public let program: RetentionProgram
    public let asOf: CalendarDay
    public let campaignID: String
    public let actor: String
    public var mapping = DecisionInputMapping()
    public var pageSize = 10_000
    /// Where the campaign's actions go; nil when delivery is not configured (nothing is enqueued).
    public var delivery: DeliveryConfiguration?

    public init(store: ChurnStore, program: RetentionProgram, asOf: CalendarDay, campaignID: String? = nil, actor: String) {
        self.store = store
        self.program = program
        self.asOf = asOf
        self.campaignID = campaignID ?? "\(program.programID)-\(asOf)"
        self.actor = actor
    }

    /// A stage finished: its name, what it counted and how long it took.
    public struct Progress: Sendable {
        public var stage: String
        public var count: Int
        public var seconds: Double
    }

    public struct Result: Sendable {
        public var campaign: CampaignRecord
        public var plan: CampaignPlan
        /// The stored lines of the plan: candidates by priority, then the holdout.
        public var records: [CandidateRecord]
        public var summary: CampaignSummary
        /// Delivery messages enqueued with the candidates.
        public var messages: Int
        public var seconds: Double
    }

    public func run(progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Result {
        let started = Date()
        if try await store.campaigns.campaign(id: campaignID) != nil { throw StoreError.campaignAlreadyExists(campaignID) }
        var clock = Date()
        func finished(_ stage: String, _ count: Int) {
            let now = Date()
            progress(Progress(stage: stage, count: count, seconds: now.timeIntervalSince(clock)))
            clock = now
        }

        let day = asOf.description
        let scored = try await store.predictionsLog.scoredCustomers(asOf: day)
        guard scored > 0 else { throw CampaignRunError.noScores(asOf: day) }
        // Customers below every offer tier and the monitor band leave at the risk-tier stage whatever
        // their features say: read only the others, and count those left in the database as removed there.
        let minimum = FilterChain(program: program).minimumRelevantProbability
        let scores = try await store.predictionsLog.scores(asOf: day, minimumProbability: minimum)
        finished("scores", scores.count)

        let (inputs, withoutFeatures, withoutRevenue) = try await decisionInputs(scores)
        finished("features", inputs.count)

        var learner = OfferLearner(offers: program.offers)
        let outcomes = try await store.outcomes.outcomes(programID: program.programID)
        learner.record(outcomes.map(Self.retentionOutcome))
        finished("outcomes", outcomes.count)

        let asOfDate = asOf.midnightUTC
        var plan = CampaignPlanner(program: program, learner: learner).plan(customers: inputs, campaignID: campaignID, asOf: asOfDate)
        let unread = scored - scores.count
        plan.funnel.entered += unread
        if let tierStage = plan.funnel.stages.firstIndex(where: { $0.name == FilterChain.riskTierStage }) {
            plan.funnel.stages[tierStage].removed += unread
        }
        finished("plan", plan.candidates.count)

        let versions = Set(scores.map(\.modelVersion)).sorted()
        let summary = CampaignSummary(plan: plan, scored: scored, withoutFeatures: withoutFeatures,
                                      withoutRevenue: withoutRevenue, modelVersions: versions)
        let campaign = CampaignRecord(
            campaignID: campaignID, programID: program.programID, asOf: day, createdAt: Date(), expiresAt: plan.expiresAt,
            createdBy: actor, candidates: plan.candidates.count, holdout: plan.holdout.count, summaryJSON: try summary.json())
        let records = try (plan.candidates + plan.holdout).map { try CandidateRecord(campaignCandidate: $0, plan: plan) }
        let messages = try delivery.map { try CampaignDeliveryMessages(configuration: $0).messages(campaign: campaign, candidates: records) } ?? []
        try await store.campaigns.create(campaign, candidates: records, messages: messages)
        finished("store", records.count)
        return Result(campaign: campaign, plan: plan, records: records, summary: summary, messages: messages.count,
                      seconds: Date().timeIntervalSince(started))
    }

    /// Joins scores to the online features of the same snapshot date, with each customer's offer
    /// history: the cool-down looks back the program's eligibility window, the cap one quarter.
    private func decisionInputs(_ scores: [LoggedScore]) async throws -> (inputs: [CustomerDecisionInput], withoutFeatures: Int, withoutRevenue: Int) {
        var probability: [String: Double] = [:]
        probability.reserveCapacity(scores.count)
        for score in scores { probability[score.customerID] = score.churnProbability }

        let lookBack = max(90, program.filterChain.reduce(0) { longest, filter in
            if case .eligibility(let cooldownDays) = filter { return max(longest, cooldownDays) }
            return longest
        })
        let since = CalendarDay(daysSinceEpoch: asOf.daysSinceEpoch - lookBack).description
        let history = try await store.campaigns.offerHistory(programID: program.programID, since: since, before: asOf.description)
        let quarterStart = CalendarDay(daysSinceEpoch: asOf.daysSinceEpoch - 90).description

        let reader = mapping.reader()
        let day = asOf.description
        var inputs: [CustomerDecisionInput] = []
        inputs.reserveCapacity(scores.count)
        var found = 0
        var withoutRevenue = 0
        var offset = 0
        while offset < scores.count {
            let ids = scores[offset..<min(offset + pageSize, scores.count)].map(\.customerID)
            offset += pageSize
            let page = try await store.onlineFeatures.features(customerIDs: ids).sorted { $0.customerID < $1.customerID }
            for row in page where row.asOf == day {
                guard let p = probability[row.customerID] else { continue }
                found += 1
                guard var input = reader.input(customerID: row.customerID, churnProbability: p, featuresJSON: row.featuresJSON) else {
                    withoutRevenue += 1
                    continue
                }
                if let offers = history[row.customerID] {
                    input.lastOfferDate = CalendarDay(offers.lastOfferDay)?.midnightUTC
                    // The history counts the eligibility window; the cap counts one quarter.
                    input.offersThisQuarter = offers.lastOfferDay >= quarterStart ? offers.offers : 0
                }
                inputs.append(input)
            }
        }
        return (inputs, scores.count - found, withoutRevenue)
    }

    static func retentionOutcome(_ joined: CandidateOutcome) -> RetentionOutcome {
        RetentionOutcome(
            customerID: joined.candidate.customerID, campaignID: joined.candidate.campaignID,
            segment: joined.candidate.segment, offerID: joined.candidate.isHoldout ? nil : joined.candidate.offerID,
            churnProbability: joined.candidate.churnProbability, retained: joined.outcome.retained)
    }
}

public enum CampaignRunError: Error, Equatable, CustomStringConvertible {
    case noScores(asOf: String)

    public var description: String {
        switch self {
        case .noScores(let asOf):
            "no scores are logged for as_of \(asOf); run `churnguard score --as-of \(asOf)` first (after `churnguard ingest`)"
        }
    }
}
