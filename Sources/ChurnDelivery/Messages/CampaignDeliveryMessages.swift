import ChurnStore
import Foundation

/// Turns a stored campaign into outbox messages for the configured destinations: for each webhook,
/// CRM or Jira destination one `retention.action` per candidate it accepts (holdout customers are the control
/// group and get none), keyed campaign/customer/offer so that re-planning or replaying never
/// duplicates an action; for each Slack destination one `campaign.digest`. The messages are written
/// with the candidates in one transaction (`CampaignStore.create(_:candidates:messages:)`).
public struct CampaignDeliveryMessages: Sendable {
    public let configuration: DeliveryConfiguration

    public init(configuration: DeliveryConfiguration) {
        self.configuration = configuration
    }

    public static let actionKind = "retention.action"
    public static let digestKind = "campaign.digest"

    /// The idempotency key of a campaign action: stable across runs, processes and replays.
    public static func actionKey(campaignID: String, customerID: String, action: String) -> String {
        "\(campaignID)/\(customerID)/\(action)"
    }

    public func messages(campaign: CampaignRecord, candidates: [CandidateRecord]) throws -> [OutboxMessageDraft] {
        let acting = candidates.filter { !$0.isHoldout }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var drafts: [OutboxMessageDraft] = []
        for destination in configuration.destinations {
            let accepted = acting.filter { destination.accepts(tier: $0.riskLevel, route: $0.route, lifetimeValue: $0.lifetimeValue) }
            switch destination.kind {
            case .webhook, .salesforce, .hubspot, .jira:
                drafts.reserveCapacity(drafts.count + accepted.count)
                for candidate in accepted {
                    let body = try encoder.encode(RetentionActionPayload(candidate, campaign: campaign))
                    drafts.append(OutboxMessageDraft(
                        destination: destination.name, kind: Self.actionKind,
                        idempotencyKey: Self.actionKey(campaignID: campaign.campaignID, customerID: candidate.customerID, action: candidate.offerID),
                        payloadJSON: String(decoding: body, as: UTF8.self)))
                }
            case .slack:
                guard !accepted.isEmpty else { continue }
                drafts.append(OutboxMessageDraft(
                    destination: destination.name, kind: Self.digestKind, idempotencyKey: "\(campaign.campaignID)/digest",
                    payloadJSON: try SlackDigest(campaign: campaign, candidates: accepted, top: destination.topCustomers).json()))
            }
        }
        return drafts
    }
}
