import ChurnData
import ChurnDecisions
import ChurnStore
import Foundation

extension CandidateRecord {
    /// The stored form of one line of `plan`.
    public init(campaignCandidate candidate: CampaignCandidate, plan: CampaignPlan) throws {
        let reasons = String(decoding: try JSONSerialization.data(withJSONObject: candidate.reasons), as: UTF8.self)
        self.init(
            campaignID: plan.campaignID, customerID: candidate.customerID, programID: plan.programID,
            asOf: Self.day(plan.asOf), riskLevel: candidate.riskLevel.rawValue, churnProbability: candidate.churnProbability,
            segment: candidate.segment, offerID: candidate.offerID, offerType: candidate.offerType, channel: candidate.channel,
            route: candidate.route.rawValue, lifetimeValue: candidate.lifetimeValue, lift: candidate.lift, cost: candidate.cost,
            expectedValue: candidate.expectedValue, priority: candidate.priority, reasonsJSON: reasons,
            isHoldout: candidate.isHoldout, expiresAt: plan.expiresAt)
    }

    /// The reasons as a list of strings (empty if the stored JSON is not one).
    public var reasons: [String] {
        (try? JSONSerialization.jsonObject(with: Data(reasonsJSON.utf8))) as? [String] ?? []
    }

    static func day(_ date: Date) -> String {
        CalendarDay(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))).description
    }
}
