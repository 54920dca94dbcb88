import ChurnStore
import Foundation

/// The messages of a tier sync: for each CRM destination (Salesforce, HubSpot), one `risk.sync` per
/// customer whose tier changed since that destination last heard, and every HIGH or CRITICAL customer
/// it never heard of; keyed destination-free `sync/DAY/CUSTOMER`, so a repeated sync of a day adds
/// nothing.
public struct TierSyncMessages: Sendable {
    public static let kind = "risk.sync"
    static let atRisk: Set<String> = ["HIGH", "CRITICAL"]

    public let configuration: DeliveryConfiguration

    public init(configuration: DeliveryConfiguration) {
        self.configuration = configuration
    }

    /// The destinations a sync writes to.
    public var destinations: [DestinationConfiguration] {
        configuration.destinations.filter { $0.kind == .salesforce || $0.kind == .hubspot }
    }

    /// What changed for one destination: the customers to tell, with what they were told before.
    public static func changes(scores: [(customerID: String, tier: SyncedTier)], known: [String: SyncedTier])
        -> [(customerID: String, tier: SyncedTier, previous: SyncedTier?)] {
        scores.compactMap { score in
            let previous = known[score.customerID]
            if let previous {
                return previous.riskLevel == score.tier.riskLevel ? nil : (score.customerID, score.tier, previous)
            }
            return atRisk.contains(score.tier.riskLevel) ? (score.customerID, score.tier, nil) : nil
        }
    }

    public static func draft(destination: String, customerID: String, tier: SyncedTier, previous: SyncedTier?) throws -> OutboxMessageDraft {
        let payload = RiskSyncPayload(
            timestamp: DeliveryTime.iso8601(Date()),
            data: .init(customer_id: customerID, as_of: tier.asOf, risk_level: tier.riskLevel,
                        churn_probability: (tier.churnProbability * 10_000).rounded() / 10_000, previous_risk_level: previous?.riskLevel))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return OutboxMessageDraft(destination: destination, kind: kind, idempotencyKey: "sync/\(tier.asOf)/\(customerID)",
                                  payloadJSON: String(decoding: try encoder.encode(payload), as: UTF8.self))
    }
}

/// The body of a `risk.sync` message: a customer's current tier for the CRM's fields.
struct RiskSyncPayload: Codable {
    struct Tier: Codable {
        var customer_id: String
        var as_of: String
        var risk_level: String
        var churn_probability: Double
        var previous_risk_level: String?
    }

    var type = TierSyncMessages.kind
    var timestamp: String
    var data: Tier
}
