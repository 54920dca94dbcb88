import ChurnServices
import Foundation
import Testing

/// `retention.yaml`: every kind has its own key, the cutoffs fall where the months say, and a bad
/// value or an unknown key is named with its line.
@Suite struct RetentionPolicyTests {
    static let today = ISO8601DateFormatter().date(from: "2026-12-06T15:30:00Z")!

    @Test func everyKindHasItsOwnCutoff() throws {
        let policy = try RetentionPolicy(yaml: """
            predictions_log_months: 24
            raw_activity_months: 12
            delivered_messages_days: 30
            dead_letters_days: 90
            campaign_candidates_months: 18
            outcomes_months: 36
            online_features_months: 6
            """)
        let cutoffs = policy.cutoffs(today: Self.today)
        #expect(cutoffs.predictionsBefore == "2024-12-06" && cutoffs.rawActivityBefore == "2025-12-06")
        #expect(cutoffs.candidatesBefore == "2025-06-06" && cutoffs.onlineFeaturesBefore == "2026-06-06")
        #expect(cutoffs.outcomesBefore == ISO8601DateFormatter().date(from: "2023-12-06T00:00:00Z"))
        #expect(cutoffs.deliveredMessagesBefore == Self.today.addingTimeInterval(-30 * 86_400))
        // A kind left out is kept.
        let one = try RetentionPolicy(yaml: "outcomes_months: 12\n").cutoffs(today: Self.today)
        #expect(one.outcomesBefore != nil && one.candidatesBefore == nil && one.predictionsBefore == nil && one.onlineFeaturesBefore == nil)
    }

    @Test(arguments: [
        ("online_features_months: 0\n", "online_features_months: 0 is out of range"),
        ("campaign_candidates_months: soon\n", "campaign_candidates_months"),
        ("outcome_months: 12\n", "outcome_months"),
    ])
    func badValuesAndUnknownKeysAreNamed(_ yaml: String, _ expected: String) {
        #expect {
            _ = try RetentionPolicy(yaml: yaml)
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains("line 1")
        }
    }
}
