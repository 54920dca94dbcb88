import ChurnData
import ChurnStore

/// Two versions' logged batch scores on the same customers and dates, labelled with the churn that
/// the raw tables loaded since show: churned within `horizon` days after the date.
public struct OutcomeComparison: Sendable {
    public var scores: ([Double], [Double])
    public var labels: [Bool]
    public var days: [String]
    public var skippedDays: Int
    public var lastDay: String

    public var rows: Int { labels.count }
    public var positives: Int { labels.filter { $0 }.count }

    public static func build(store: ChurnStore, versions: (String, String), horizon: Int) async throws -> OutcomeComparison {
        guard let lastText = try await store.rawTables.lastActivityDay(), let lastDay = CalendarDay(lastText) else {
            throw OutcomeComparisonError("no raw tables are loaded, so no outcomes: run `churnguard ingest --data DIR --as-of DATE` with data that covers the days after the scores")
        }
        let churnDays = try await store.rawTables.churnDays().compactMapValues { CalendarDay($0)?.daysSinceEpoch }
        var result = OutcomeComparison(scores: ([], []), labels: [], days: [], skippedDays: 0, lastDay: lastText)
        var days = Set<String>(), skipped = Set<String>()
        // Day by day, only the days both versions scored: memory holds one day of two versions,
        // never production's whole history.
        let shared = Set(try await store.predictionsLog.scoringDays(modelVersion: versions.0))
            .intersection(try await store.predictionsLog.scoringDays(modelVersion: versions.1))
        for asOf in shared.sorted() {
            guard let day = CalendarDay(asOf) else { continue }
            // The window (day, day + horizon] must be over in the loaded data.
            guard day.daysSinceEpoch + horizon <= lastDay.daysSinceEpoch else {
                skipped.insert(asOf)
                continue
            }
            var first: [String: Double] = [:]
            for score in try await store.predictionsLog.batchScores(modelVersion: versions.0, asOf: asOf) {
                first[score.customerID] = score.churnProbability
            }
            for score in try await store.predictionsLog.batchScores(modelVersion: versions.1, asOf: asOf) {
                guard let other = first[score.customerID] else { continue }
                let churnDay = churnDays[score.customerID]
                if let churnDay, churnDay <= day.daysSinceEpoch { continue }  // gone before the score
                let churned = churnDay.map { $0 <= day.daysSinceEpoch + horizon } ?? false
                result.scores.0.append(other)
                result.scores.1.append(score.churnProbability)
                result.labels.append(churned)
                days.insert(asOf)
            }
        }
        result.days = days.sorted()
        result.skippedDays = skipped.count
        guard !result.labels.isEmpty else {
            throw OutcomeComparisonError(
                "no outcomes yet: the loaded data ends \(lastText), and no date that both \(versions.0) and \(versions.1) scored is \(horizon) days before it"
                + (skipped.isEmpty ? " (the two versions share no scored customer-dates; set one as shadow and run `churnguard score`)" : ""))
        }
        return result
    }
}

/// Why two versions cannot be compared on outcomes yet (no raw tables loaded, or no matured day).
public struct OutcomeComparisonError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
