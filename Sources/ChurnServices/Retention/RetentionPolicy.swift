import ChurnConfiguration
import ChurnData
import ChurnStore
import Foundation
import Yams

/// How long personal data is kept, from `HOME/retention.yaml` (or `--policy FILE`). A key left out
/// keeps that kind of data forever; there is no default policy, because deleting is not a default.
///
/// ```yaml
/// predictions_log_months: 24     # logged scores with their features and reasons
/// raw_activity_months: 24        # engagement, transactions, tickets, plan changes (at least 4: features look back 90 days)
/// delivered_messages_days: 30    # outbox messages delivered
/// dead_letters_days: 90          # outbox messages given up on (replayable until then)
/// campaign_candidates_months: 24 # who was offered what, with the outcomes recorded for them
/// outcomes_months: 36            # retention outcomes (the offer learning forgets older ones)
/// online_features_months: 6      # feature snapshots of customers no materialization has seen since
/// ```
public struct RetentionPolicy: Sendable, Equatable {
    public var predictionsLogMonths: Int?
    public var rawActivityMonths: Int?
    public var deliveredMessagesDays: Int?
    public var deadLettersDays: Int?
    public var campaignCandidatesMonths: Int?
    public var outcomesMonths: Int?
    public var onlineFeaturesMonths: Int?

    public init(
        predictionsLogMonths: Int? = nil, rawActivityMonths: Int? = nil, deliveredMessagesDays: Int? = nil, deadLettersDays: Int? = nil,
        campaignCandidatesMonths: Int? = nil, outcomesMonths: Int? = nil, onlineFeaturesMonths: Int? = nil
    ) {
        self.predictionsLogMonths = predictionsLogMonths
        self.rawActivityMonths = rawActivityMonths
        self.deliveredMessagesDays = deliveredMessagesDays
        self.deadLettersDays = deadLettersDays
        self.campaignCandidatesMonths = campaignCandidatesMonths
        self.outcomesMonths = outcomesMonths
        self.onlineFeaturesMonths = onlineFeaturesMonths
    }

    static let keys = [
        "predictions_log_months", "raw_activity_months", "delivered_messages_days", "dead_letters_days",
        "campaign_candidates_months", "outcomes_months", "online_features_months",
    ]

    /// The cutoffs on `today`: data dated before them goes.
    public func cutoffs(today: Date = Date()) -> RetentionCutoffs {
        let day = CalendarDay(daysSinceEpoch: Int((today.timeIntervalSince1970 / 86_400).rounded(.down)))
        return RetentionCutoffs(
            predictionsBefore: predictionsLogMonths.map { day.adding(months: -$0).description },
            rawActivityBefore: rawActivityMonths.map { day.adding(months: -$0).description },
            deliveredMessagesBefore: deliveredMessagesDays.map { today.addingTimeInterval(-Double($0) * 86_400) },
            deadLettersBefore: deadLettersDays.map { today.addingTimeInterval(-Double($0) * 86_400) },
            candidatesBefore: campaignCandidatesMonths.map { day.adding(months: -$0).description },
            outcomesBefore: outcomesMonths.map { Self.startOfDay(day.adding(months: -$0)) },
            onlineFeaturesBefore: onlineFeaturesMonths.map { day.adding(months: -$0).description })
    }

    /// `--policy FILE`, else `home/retention.yaml`; an error that says how to write one when there is none.
    public static func load(explicit: String?, home: String) throws(ConfigurationFileError) -> RetentionPolicy {
        let path = explicit ?? (home as NSString).appendingPathComponent("retention.yaml")
        guard FileManager.default.fileExists(atPath: path), let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationFileError(
                what: what, file: path,
                message: "no retention policy here; write one with any of \(keys.joined(separator: ", ")) (e.g. `raw_activity_months: 24`)")
        }
        do {
            return try RetentionPolicy(yaml: text)
        } catch {
            throw error.reading(path)
        }
    }

    static let what = "retention policy"

    static func startOfDay(_ day: CalendarDay) -> Date {
        Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
    }

    public init(yaml: String) throws(ConfigurationFileError) {
        let root = try ConfigurationFileError.compose(yaml, what: Self.what)
        var policy = RetentionPolicy()
        var reader = YAMLNodeReader()
        if let root, let top = reader.mapping(root, at: "", allowed: Self.keys) {
            if let node = top["predictions_log_months"] { policy.predictionsLogMonths = reader.int(node, at: "predictions_log_months", in: 1...1_200) }
            if let node = top["raw_activity_months"] {
                policy.rawActivityMonths = reader.int(node, at: "raw_activity_months", in: 4...1_200)
            }
            if let node = top["delivered_messages_days"] { policy.deliveredMessagesDays = reader.int(node, at: "delivered_messages_days", in: 1...36_500) }
            if let node = top["dead_letters_days"] { policy.deadLettersDays = reader.int(node, at: "dead_letters_days", in: 1...36_500) }
            if let node = top["campaign_candidates_months"] {
                policy.campaignCandidatesMonths = reader.int(node, at: "campaign_candidates_months", in: 1...1_200)
            }
            if let node = top["outcomes_months"] { policy.outcomesMonths = reader.int(node, at: "outcomes_months", in: 1...1_200) }
            if let node = top["online_features_months"] { policy.onlineFeaturesMonths = reader.int(node, at: "online_features_months", in: 1...1_200) }
        }
        guard reader.issues.isEmpty else { throw ConfigurationFileError(what: Self.what, issues: reader.issues) }
        guard policy != RetentionPolicy() else {
            throw ConfigurationFileError(what: Self.what, message: "the policy names nothing to purge; use \(Self.keys.joined(separator: ", "))", line: 1)
        }
        self = policy
    }
}
