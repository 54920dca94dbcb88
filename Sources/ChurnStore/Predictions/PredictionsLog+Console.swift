import Foundation
import SQLKit

/// One customer's served batch score on a scoring day, as the console's at-risk list shows it.
public struct DayScore: Sendable, Equatable {
    public var customerID: String
    public var asOf: String
    public var churnProbability: Double
    public var churnRiskLevel: String
    public var modelVersion: String
    public var servedBy: ServedBy
    public var topChurnFeature: String?

    public init(customerID: String, asOf: String, churnProbability: Double, churnRiskLevel: String, modelVersion: String, servedBy: ServedBy, topChurnFeature: String?) {
        self.customerID = customerID
        self.asOf = asOf
        self.churnProbability = churnProbability
        self.churnRiskLevel = churnRiskLevel
        self.modelVersion = modelVersion
        self.servedBy = servedBy
        self.topChurnFeature = topChurnFeature
    }
}

/// Where a page of a list sorted by probability ends: the next page starts after it. Keyset, not
/// offset, so page 20,000 costs what page 1 does.
public struct ProbabilityCursor: Sendable, Equatable, Hashable {
    public var churnProbability: Double
    public var customerID: String

    public init(churnProbability: Double, customerID: String) {
        self.churnProbability = churnProbability
        self.customerID = customerID
    }
}

/// The direction of a list sorted by probability (ties by customer id, the same direction).
public enum ProbabilityOrder: String, Sendable, CaseIterable {
    case highestFirst = "desc"
    case lowestFirst = "asc"

    var sql: String { self == .highestFirst ? "DESC" : "ASC" }
    var after: String { self == .highestFirst ? "<" : ">" }
}

extension PredictionsLog {
    /// One page of the served (production or canary) batch scores of scoring day `asOf` in tier
    /// `riskLevel`, by probability, after `cursor`. Reads `idx_predictions_day_tier` in order, so a
    /// page costs the same however deep it is.
    public func dayScores(asOf: String, riskLevel: String, order: ProbabilityOrder = .highestFirst, after cursor: ProbabilityCursor? = nil, limit: Int = 50) async throws -> [DayScore] {
        try StoreValidation.day(asOf, field: "as_of")
        guard PredictionRecord.riskLevels.contains(riskLevel) else {
            throw StoreError.invalidValue(field: "tier", reason: "'\(riskLevel.prefix(20))' is not one of \(PredictionRecord.riskLevels.sorted().joined(separator: ", "))")
        }
        return try await database.withConnection { db in
            var query: SQLQueryString = """
                SELECT customer_id, as_of, churn_probability, churn_risk_level, model_version, served_by, top_churn_feature
                FROM predictions_log WHERE as_of = \(bind: asOf) AND churn_risk_level = \(bind: riskLevel) AND served_by <> 'shadow'
                """
            if let cursor {
                query += " AND (churn_probability, customer_id) \(unsafeRaw: order.after) (\(bind: cursor.churnProbability), \(bind: cursor.customerID))"
            }
            query += " ORDER BY churn_probability \(unsafeRaw: order.sql), customer_id \(unsafeRaw: order.sql) LIMIT \(bind: limit)"
            return try await db.raw(query).all().map { row in
                DayScore(
                    customerID: try row.decode(column: "customer_id", as: String.self),
                    asOf: try row.decode(column: "as_of", as: String.self),
                    churnProbability: try row.decode(column: "churn_probability", as: Double.self),
                    churnRiskLevel: try row.decode(column: "churn_risk_level", as: String.self),
                    modelVersion: try row.decode(column: "model_version", as: String.self),
                    servedBy: try ServedBy(parsing: try row.decode(column: "served_by", as: String.self)),
                    topChurnFeature: try row.decode(column: "top_churn_feature", as: String?.self))
            }
        }
    }

    /// Served batch scores of day `asOf` per tier (customers scored by two models that day count twice).
    public func tierCounts(asOf: String) async throws -> [String: Int] {
        try StoreValidation.day(asOf, field: "as_of")
        return try await database.withConnection { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT churn_risk_level, COUNT(*) AS n FROM predictions_log
                WHERE as_of = \(bind: asOf) AND served_by <> 'shadow' GROUP BY churn_risk_level
                """).all() {
                counts[try row.decode(column: "churn_risk_level", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// The most recent scoring days (with batch scores), newest first. One index probe per day,
    /// not a scan of the log.
    public func scoringDays(limit: Int = 14) async throws -> [String] {
        try await database.withConnection { db in
            var days: [String] = []
            var before: String? = nil
            while days.count < limit {
                var query: SQLQueryString = "SELECT MAX(as_of) AS day FROM predictions_log WHERE as_of IS NOT NULL"
                if let before { query += " AND as_of < \(bind: before)" }
                guard let day = try await db.raw(query).first()?.decode(column: "day", as: String?.self) else { break }
                days.append(day)
                before = day
            }
            return days
        }
    }

    /// The features most often at the top of the reasons of day `asOf`'s served scores in `riskLevels`,
    /// with how many customers each leads for, most first.
    public func topReasons(asOf: String, riskLevels: [String], limit: Int = 10) async throws -> [(feature: String, customers: Int)] {
        try StoreValidation.day(asOf, field: "as_of")
        let levels = riskLevels.filter { PredictionRecord.riskLevels.contains($0) }
        guard !levels.isEmpty else { return [] }
        return try await database.withConnection { db in
            var query: SQLQueryString = """
                SELECT top_churn_feature, COUNT(*) AS n FROM predictions_log
                WHERE as_of = \(bind: asOf) AND served_by <> 'shadow' AND top_churn_feature IS NOT NULL AND churn_risk_level IN (
                """
            for (index, level) in levels.enumerated() { query += index == 0 ? "\(bind: level)" : ", \(bind: level)" }
            query += ") GROUP BY top_churn_feature ORDER BY n DESC, top_churn_feature LIMIT \(bind: limit)"
            return try await db.raw(query).all().map { row in
                (try row.decode(column: "top_churn_feature", as: String.self), try row.decode(column: "n", as: Int.self))
            }
        }
    }
}
