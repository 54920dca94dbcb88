import ChurnModel

/// The feature schema of `Fixtures/model.json` (the spec's example features), shared by the suites
/// that score with that model.
public enum SpecExampleSchema {
    public static let schema = FeatureSchema(features: [
        FeatureSpec(name: "behavioral_score", kind: .numeric, minimum: 0, maximum: 100),
        FeatureSpec(name: "transactional_value_k", kind: .numeric, minimum: 0),
        FeatureSpec(name: "support_ticket_volume_30d", kind: .numeric, minimum: 0),
        FeatureSpec(name: "engagement_score", kind: .numeric, minimum: 0, maximum: 1),
        FeatureSpec(name: "contract_days_remaining", kind: .numeric),
        FeatureSpec(name: "autopay", kind: .boolean),
    ])
}
