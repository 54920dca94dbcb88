import Foundation
import SQLKit

/// What the console's at-risk list may filter a campaign's candidates by.
public struct CandidateFilter: Sendable, Equatable {
    public var riskLevel: String?
    public var segment: String?
    public var offerID: String?
    public var route: String?

    public init(riskLevel: String? = nil, segment: String? = nil, offerID: String? = nil, route: String? = nil) {
        self.riskLevel = riskLevel
        self.segment = segment
        self.offerID = offerID
        self.route = route
    }
}

/// A campaign's customers of one tier: how many, their lifetime value and the part of it expected
/// to churn (probability × value).
public struct TierValue: Sendable, Equatable {
    public var riskLevel: String
    public var customers: Int
    public var lifetimeValue: Double
    public var expectedLoss: Double
}

extension CampaignStore {
    /// One page of a campaign's candidates (holdout included) matching `filter`, by probability,
    /// after `cursor` (keyset over `idx_candidates_campaign_probability`).
    public func candidates(
        campaignID: String, filter: CandidateFilter, order: ProbabilityOrder = .highestFirst, after cursor: ProbabilityCursor? = nil, limit: Int = 50
    ) async throws -> [CandidateRecord] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.candidateColumns) FROM campaign_candidates WHERE campaign_id = \(bind: campaignID)"
            if let value = filter.riskLevel { query += " AND risk_level = \(bind: value)" }
            if let value = filter.segment { query += " AND segment = \(bind: value)" }
            if let value = filter.offerID { query += " AND offer_id = \(bind: value)" }
            if let value = filter.route { query += " AND route = \(bind: value)" }
            if let cursor {
                query += " AND (churn_probability, customer_id) \(unsafeRaw: order.after) (\(bind: cursor.churnProbability), \(bind: cursor.customerID))"
            }
            query += " ORDER BY churn_probability \(unsafeRaw: order.sql), customer_id \(unsafeRaw: order.sql) LIMIT \(bind: limit)"
            return try await db.raw(query).all().map { try Self.decodeCandidate($0, cipher: cipher) }
        }
    }

    /// Per tier of a campaign (holdout included): customers, lifetime value, expected loss.
    public func tierValues(campaignID: String) async throws -> [TierValue] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT risk_level, COUNT(*) AS n, SUM(lifetime_value) AS value, SUM(lifetime_value * churn_probability) AS loss
                FROM campaign_candidates WHERE campaign_id = \(bind: campaignID) GROUP BY risk_level
                """).all().map { row in
                TierValue(
                    riskLevel: try row.decode(column: "risk_level", as: String.self),
                    customers: try row.decode(column: "n", as: Int.self),
                    lifetimeValue: try row.decode(column: "value", as: Double?.self) ?? 0,
                    expectedLoss: try row.decode(column: "loss", as: Double?.self) ?? 0)
            }
        }
    }

    /// Every campaign decision about one customer, newest first.
    public func candidacies(customerID: String, limit: Int = 50) async throws -> [CandidateRecord] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.candidateColumns) FROM campaign_candidates
                WHERE customer_id = \(bind: customerID) ORDER BY as_of DESC, campaign_id DESC LIMIT \(bind: limit)
                """).all().map { try Self.decodeCandidate($0, cipher: cipher) }
        }
    }
}

extension OutcomeLog {
    /// The outcome recorded for a customer of a campaign, if any.
    public func outcome(campaignID: String, customerID: String) async throws -> OutcomeRecord? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM retention_outcomes WHERE campaign_id = \(bind: campaignID) AND customer_id = \(bind: customerID)
                """).first().map { try Self.decode($0, cipher: cipher) }
        }
    }
}

extension Outbox {
    /// The messages sent under one idempotency key, whatever their destination (a customer's
    /// action in a campaign: `CampaignDeliveryMessages.actionKey`).
    public func messages(idempotencyKey: String) async throws -> [OutboxMessage] {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM outbox_messages WHERE idempotency_key = \(bind: idempotencyKey) ORDER BY message_id")
                .all().map(Self.decode)
        }
    }
}
