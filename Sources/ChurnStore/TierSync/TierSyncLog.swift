import Foundation
import SQLKit

/// What a destination was last told about a customer's tier.
public struct SyncedTier: Sendable, Equatable {
    public var riskLevel: String
    public var churnProbability: Double
    public var asOf: String

    public init(riskLevel: String, churnProbability: Double, asOf: String) {
        self.riskLevel = riskLevel
        self.churnProbability = churnProbability
        self.asOf = asOf
    }
}

/// The tier sync's memory (`tier_sync_state`): per destination and customer, the tier last enqueued.
public struct TierSyncLog: Sendable {
    let database: StoreDatabase

    /// Every customer's last synced tier for `destination`.
    public func state(destination: String) async throws -> [String: SyncedTier] {
        try await database.withConnection { db in
            var state: [String: SyncedTier] = [:]
            for row in try await db.raw("""
                SELECT customer_id, risk_level, churn_probability, as_of FROM tier_sync_state WHERE destination = \(bind: destination)
                """).all() {
                state[try row.decode(column: "customer_id", as: String.self)] = SyncedTier(
                    riskLevel: try row.decode(column: "risk_level", as: String.self),
                    churnProbability: try row.decode(column: "churn_probability", as: Double.self),
                    asOf: try row.decode(column: "as_of", as: String.self))
            }
            return state
        }
    }

    /// Records the tiers now told to each destination and enqueues their messages, in one
    /// transaction: the state never runs ahead of the outbox, nor the outbox of the state.
    /// Returns how many messages were new.
    @discardableResult
    public func record(_ tiers: [String: [String: SyncedTier]], messages: [OutboxMessageDraft], at now: Date = Date()) async throws -> Int {
        try Outbox.validate(messages)
        let dialect = database.dialect
        return try await database.withTransaction { db in
            for (destination, customers) in tiers {
                try StoreValidation.identifier(destination, field: "destination", maxLength: 128)
                let rows = Array(customers)
                var offset = 0
                while offset < rows.count {
                    let page = rows[offset..<min(offset + 1_000, rows.count)]
                    offset += 1_000
                    let values = page.map { customer, tier -> SQLQueryString in
                        "(\(bind: destination), \(bind: customer), \(bind: tier.riskLevel), \(bind: tier.churnProbability), \(bind: tier.asOf), \(bind: now))"
                    }
                    try await db.raw("""
                        INSERT INTO tier_sync_state (destination, customer_id, risk_level, churn_probability, as_of, synced_at)
                        VALUES \(values.joined(separator: ", "))
                        ON CONFLICT (destination, customer_id) DO UPDATE SET risk_level = excluded.risk_level,
                            churn_probability = excluded.churn_probability, as_of = excluded.as_of, synced_at = excluded.synced_at
                        """).run()
                }
            }
            return try await Outbox.insert(messages, at: now, dialect: dialect, on: db)
        }
    }
}
