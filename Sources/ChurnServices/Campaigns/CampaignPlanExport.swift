import ChurnData
import ChurnStore
import Foundation

/// Writes a campaign's action plan for the people and tools that work it: CSV (one line per customer,
/// highest priority first, the holdout last and marked) or JSON.
public enum CampaignPlanExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case json

        /// The format a file name asks for (`.json` → JSON, anything else CSV).
        public init(path: String) { self = path.lowercased().hasSuffix(".json") ? .json : .csv }
    }

    public static let csvHeader = [
        "customer_id", "risk_level", "churn_probability", "segment", "offer_id", "offer_type", "channel", "route",
        "lifetime_value", "expected_value", "cost", "holdout", "expires_at", "reasons",
    ]

    public static func csv(_ candidates: [CandidateRecord]) -> String {
        var lines = [csvHeader.joined(separator: ",")]
        lines.reserveCapacity(candidates.count + 1)
        for c in candidates {
            let fields = [
                c.customerID, c.riskLevel, format(c.churnProbability, 4), c.segment, c.offerID, c.offerType, c.channel, c.route,
                format(c.lifetimeValue, 2), format(c.expectedValue, 2), format(c.cost, 2), c.isHoldout ? "true" : "false",
                timestamp(c.expiresAt), c.reasons.joined(separator: "; "),
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ candidates: [CandidateRecord]) throws -> String {
        let rows: [[String: Any]] = candidates.map { c in
            [
                "customer_id": c.customerID, "risk_level": c.riskLevel, "churn_probability": c.churnProbability,
                "segment": c.segment, "offer_id": c.offerID, "offer_type": c.offerType, "channel": c.channel,
                "route": c.route, "lifetime_value": c.lifetimeValue, "expected_value": c.expectedValue, "cost": c.cost,
                "holdout": c.isHoldout, "expires_at": timestamp(c.expiresAt), "reasons": c.reasons,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula.
    static func quoted(_ field: String) -> String {
        var field = field
        if let first = field.first, "=+-@".contains(first), Double(field) == nil { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    /// An ISO 8601 UTC time, as the API writes them.
    public static func timestamp(_ date: Date) -> String { UTCTimestamp.string(date) }
}
