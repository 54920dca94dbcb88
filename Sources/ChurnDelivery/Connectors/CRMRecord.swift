import ChurnStore
import Foundation

/// A retention action as the connectors read it back from the outbox payload.
struct ActionMessage: Sendable {
    let key: String
    let action: RetentionActionPayload.Action

    init(_ message: OutboxMessage) throws {
        key = message.idempotencyKey
        action = try JSONDecoder().decode(RetentionActionPayload.self, from: Data(message.payloadJSON.utf8)).data
    }

    var topReason: String { action.reasons.first ?? "" }
    var subject: String { "Churn risk \(action.risk_level): \(action.customer_id) — \(action.offer_type) (\(action.offer_id))" }
    var body: String {
        var lines = ["ChurnGuard scored \(action.customer_id) \(String(format: "%.0f%%", action.churn_probability * 100)) likely to churn within 90 days (\(action.risk_level), segment \(action.segment)).",
                     "Suggested action: \(action.offer_type) via \(action.channel), route \(action.route); expires \(action.expires_at)."]
        if !action.reasons.isEmpty { lines.append("Why: " + action.reasons.prefix(3).joined(separator: "; ")) }
        lines.append("Campaign \(action.campaign_id), scored on \(action.as_of).")
        return lines.joined(separator: "\n")
    }

    /// Task priority from the route: urgent is the highest.
    var priority: String {
        switch action.route {
        case "urgent": "High"
        case "review": "Normal"
        default: action.risk_level == "HIGH" || action.risk_level == "CRITICAL" ? "High" : "Normal"
        }
    }

    /// The values written to the CRM record, by ChurnGuard's field name.
    var values: [String: any Sendable] {
        ["churn_probability": (action.churn_probability * 10_000).rounded() / 10_000, "risk_level": action.risk_level,
         "top_reason": String(topReason.prefix(255)), "scored_on": action.as_of, "offer": action.offer_id]
    }
}

/// What a CRM record update carries: a retention action (fields, then a task), or a tier sync
/// (fields only).
struct CRMRecord: Sendable {
    let customerID: String
    let values: [String: any Sendable]
    let action: ActionMessage?

    init(_ message: OutboxMessage) throws {
        if message.kind == TierSyncMessages.kind {
            let tier = try JSONDecoder().decode(RiskSyncPayload.self, from: Data(message.payloadJSON.utf8)).data
            customerID = tier.customer_id
            values = ["churn_probability": tier.churn_probability, "risk_level": tier.risk_level, "scored_on": tier.as_of]
            action = nil
        } else {
            let action = try ActionMessage(message)
            customerID = action.action.customer_id
            values = action.values
            self.action = action
        }
    }
}
