import ChurnDecisions
import ChurnModel
import ChurnStore

/// Campaign reports from stored candidates and outcomes: one campaign, or every campaign together
/// (the dashboard), where a customer counts once per campaign.
public enum CampaignAnalytics {
    /// The report of the outcomes in `joined` (candidates without an outcome do not enter it).
    public static func report(_ joined: [CandidateOutcome]) -> CampaignReport {
        var candidates: [CampaignCandidate] = []
        var outcomes: [RetentionOutcome] = []
        candidates.reserveCapacity(joined.count)
        outcomes.reserveCapacity(joined.count)
        for pair in joined {
            guard var candidate = CampaignCandidate(record: pair.candidate) else { continue }
            // Keyed by campaign and customer: the same customer may be in several campaigns.
            let key = pair.candidate.campaignID + "\u{1F}" + pair.candidate.customerID
            candidate.customerID = key
            candidates.append(candidate)
            outcomes.append(RetentionOutcome(
                customerID: key, campaignID: pair.candidate.campaignID, segment: pair.candidate.segment,
                offerID: pair.candidate.isHoldout ? nil : pair.candidate.offerID,
                churnProbability: pair.candidate.churnProbability, retained: pair.outcome.retained))
        }
        return CampaignReport(candidates: candidates, outcomes: outcomes)
    }
}

extension CampaignCandidate {
    /// The decision a stored candidate records; `nil` if its tier or route is not one this build knows.
    init?(record: CandidateRecord) {
        guard let level = RiskLevel(rawValue: record.riskLevel), let route = Route(rawValue: record.route) else { return nil }
        self.init(
            customerID: record.customerID, riskLevel: level, churnProbability: record.churnProbability, segment: record.segment,
            offerID: record.offerID, offerType: record.offerType, channel: record.channel, route: route,
            lifetimeValue: record.lifetimeValue, lift: record.lift, cost: record.cost, expectedValue: record.expectedValue,
            priority: record.priority, reasons: record.reasons, isHoldout: record.isHoldout)
    }
}
