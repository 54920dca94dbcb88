import ChurnStore
import Foundation

/// The body of a `retention.action` webhook: the Standard Webhooks envelope (`type`, `timestamp`,
/// `data`) around one campaign candidate's decision and its reasons. Features are not sent.
struct RetentionActionPayload: Codable {
    struct Action: Codable {
        var campaign_id: String
        var program_id: String
        var as_of: String
        var customer_id: String
        var risk_level: String
        var churn_probability: Double
        var segment: String
        var offer_id: String
        var offer_type: String
        var channel: String
        var route: String
        var lifetime_value: Double
        var expected_value: Double
        var priority: Double
        var reasons: [String]
        var expires_at: String
    }

    var type = "retention.action"
    var timestamp: String
    var data: Action

    init(_ c: CandidateRecord, campaign: CampaignRecord) {
        timestamp = DeliveryTime.iso8601(campaign.createdAt)
        data = Action(
            campaign_id: c.campaignID, program_id: c.programID, as_of: c.asOf, customer_id: c.customerID, risk_level: c.riskLevel,
            churn_probability: c.churnProbability, segment: c.segment, offer_id: c.offerID, offer_type: c.offerType,
            channel: c.channel, route: c.route, lifetime_value: c.lifetimeValue, expected_value: c.expectedValue,
            priority: c.priority, reasons: Self.reasons(c.reasonsJSON), expires_at: DeliveryTime.iso8601(c.expiresAt))
    }

    static func reasons(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}

/// UTC timestamps as the payloads write them (`2025-10-01T00:00:00Z`).
enum DeliveryTime {
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
