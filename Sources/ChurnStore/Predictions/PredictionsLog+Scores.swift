import Foundation
import SQLKit

/// A served score as the campaign job reads it: no explanation, no features.
public struct LoggedScore: Sendable, Equatable {
    public var customerID: String
    public var churnProbability: Double
    public var modelVersion: String
    public var servedBy: ServedBy
    /// The tier served with it (`churn_risk_level`).
    public var riskLevel: String?

    public init(customerID: String, churnProbability: Double, modelVersion: String, servedBy: ServedBy, riskLevel: String? = nil) {
        self.customerID = customerID
        self.churnProbability = churnProbability
        self.modelVersion = modelVersion
        self.servedBy = servedBy
        self.riskLevel = riskLevel
    }
}

extension PredictionsLog {
    /// The latest served score (production or canary, never shadow) of every customer scored for the
    /// snapshot date `asOf` with a probability of at least `minimumProbability`, in customer order.
    public func scores(asOf: String, minimumProbability: Double = 0) async throws -> [LoggedScore] {
        try StoreValidation.day(asOf, field: "as_of")
        return try await database.withConnection { db in
            var latest: [String: (score: LoggedScore, at: Date)] = [:]
            for row in try await db.raw("""
                SELECT customer_id, churn_probability, model_version, served_by, prediction_timestamp, churn_risk_level FROM predictions_log
                WHERE as_of = \(bind: asOf) AND served_by <> 'shadow' AND churn_probability >= \(bind: minimumProbability)
                """).all() {
                let score = LoggedScore(
                    customerID: try row.decode(column: "customer_id", as: String.self),
                    churnProbability: try row.decode(column: "churn_probability", as: Double.self),
                    modelVersion: try row.decode(column: "model_version", as: String.self),
                    servedBy: try ServedBy(parsing: try row.decode(column: "served_by", as: String.self)),
                    riskLevel: try row.decode(column: "churn_risk_level", as: String.self))
                let at = try row.decode(column: "prediction_timestamp", as: Date.self)
                if let seen = latest[score.customerID], seen.at >= at { continue }
                latest[score.customerID] = (score, at)
            }
            return latest.values.map(\.score).sorted { $0.customerID < $1.customerID }
        }
    }
}

extension PredictionsLog {
    /// The customer's scores, newest first, without inputs or reasons (``PastScore``): the
    /// served ones (production and canary), or with `includeShadow` every role.
    public func scoreHistory(customerID: String, limit: Int = 100, includeShadow: Bool = false) async throws -> [PastScore] {
        try await database.withConnection { db in
            var query: SQLQueryString = """
                SELECT churn_probability, churn_risk_level, model_version, served_by, prediction_timestamp, as_of
                FROM predictions_log WHERE customer_id = \(bind: customerID)
                """
            if !includeShadow { query += " AND served_by <> 'shadow'" }
            query += " ORDER BY prediction_timestamp DESC LIMIT \(bind: limit)"
            return try await db.raw(query).all().map { row in
                PastScore(
                    churnProbability: try row.decode(column: "churn_probability", as: Double.self),
                    churnRiskLevel: try row.decode(column: "churn_risk_level", as: String.self),
                    modelVersion: try row.decode(column: "model_version", as: String.self),
                    servedBy: try ServedBy(parsing: try row.decode(column: "served_by", as: String.self)),
                    predictionTimestamp: try row.decode(column: "prediction_timestamp", as: Date.self),
                    asOf: try row.decode(column: "as_of", as: String?.self))
            }
        }
    }

    /// How many customers have a served score for the snapshot date `asOf`.
    public func scoredCustomers(asOf: String) async throws -> Int {
        try StoreValidation.day(asOf, field: "as_of")
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT COUNT(DISTINCT customer_id) AS n FROM predictions_log WHERE as_of = \(bind: asOf) AND served_by <> 'shadow'
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The most recent snapshot date with served batch scores, or `nil` before any batch run.
    public func latestScoredDay() async throws -> String? {
        try await database.withConnection { db in
            try await db.raw("SELECT MAX(as_of) AS day FROM predictions_log WHERE as_of IS NOT NULL AND served_by <> 'shadow'")
                .first()?.decode(column: "day", as: String?.self)
        }
    }
}

/// A batch score of one model version on one snapshot date.
public struct DatedScore: Sendable, Equatable {
    public var customerID: String
    public var asOf: String
    public var churnProbability: Double
}

extension PredictionsLog {
    /// The batch scores logged by `modelVersion` for the snapshot date `asOf`, whatever its role.
    public func batchScores(modelVersion: String, asOf: String) async throws -> [DatedScore] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT customer_id, as_of, churn_probability FROM predictions_log
                WHERE as_of = \(bind: asOf) AND model_version = \(bind: modelVersion)
                """).all().map { row in
                DatedScore(
                    customerID: try row.decode(column: "customer_id", as: String.self),
                    asOf: try row.decode(column: "as_of", as: String.self),
                    churnProbability: try row.decode(column: "churn_probability", as: Double.self))
            }
        }
    }
}
