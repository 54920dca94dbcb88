import ChurnStore
import Foundation

/// One Slack message per campaign, in Block Kit: the counts by tier and by route, then the top
/// customers by priority with their offer and reasons. `text` is the notification fallback.
struct SlackDigest {
    var campaign: CampaignRecord
    var candidates: [CandidateRecord]
    var top: Int

    func json() throws -> String {
        let byTier = Dictionary(grouping: candidates, by: \.riskLevel).mapValues(\.count)
        let byRoute = Dictionary(grouping: candidates, by: \.route).mapValues(\.count)
        let tierOrder = ["CRITICAL", "HIGH", "MEDIUM", "LOW"]
        let tiers = byTier.keys.sorted { (tierOrder.firstIndex(of: $0) ?? 9, $0) < (tierOrder.firstIndex(of: $1) ?? 9, $1) }
            .map { "\($0): \(byTier[$0]!)" }.joined(separator: " · ")
        let routes = byRoute.keys.sorted().map { "\($0): \(byRoute[$0]!)" }.joined(separator: " · ")
        let title = "Retention campaign \(campaign.campaignID): \(candidates.count) customers to act on"
        var blocks: [[String: Any]] = [
            ["type": "header", "text": ["type": "plain_text", "text": String(title.prefix(150))]],
            ["type": "section", "fields": [
                ["type": "mrkdwn", "text": "*Program*\n\(campaign.programID) (as of \(campaign.asOf))"],
                ["type": "mrkdwn", "text": "*By tier*\n\(tiers.isEmpty ? "-" : tiers)"],
                ["type": "mrkdwn", "text": "*By route*\n\(routes.isEmpty ? "-" : routes)"],
            ]],
        ]
        let leaders = candidates.sorted { ($0.priority, $1.customerID) > ($1.priority, $0.customerID) }.prefix(top)
        if !leaders.isEmpty {
            let lines = leaders.map { c in
                let reasons = RetentionActionPayload.reasons(c.reasonsJSON).prefix(2).joined(separator: "; ")
                return "• `\(c.customerID)` \(c.riskLevel) \(String(format: "%.0f%%", c.churnProbability * 100)) → \(c.offerID) via \(c.channel) (\(c.route))" + (reasons.isEmpty ? "" : " — \(reasons)")
            }
            blocks.append(["type": "divider"])
            // A section's text holds at most 3,000 characters.
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": String(("*Top customers*\n" + lines.joined(separator: "\n")).prefix(3_000))]])
        }
        let message: [String: Any] = ["text": title, "blocks": blocks]
        return String(decoding: try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]), as: UTF8.self)
    }
}
