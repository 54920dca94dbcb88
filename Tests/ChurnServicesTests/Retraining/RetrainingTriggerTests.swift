import ChurnServices
import ChurnStore
import Foundation
import Testing

@Suite struct RetrainingTriggerTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static func production(ageDays: Double) -> ModelVersionRecord {
        ModelVersionRecord(version: "v1", stage: .production, metricsJSON: "{}", bundlePath: "/b", createdAt: now.addingTimeInterval(-ageDays * 86_400))
    }
    static func run(version: String = "v1", status: String, dataset: Bool = false, concept: Bool = false) -> MonitoringRunRecord {
        MonitoringRunRecord(
            asOf: "2026-02-01", modelVersion: version, createdAt: now, status: status, datasetDrift: dataset, driftShare: dataset ? 0.6 : 0.1,
            driftedFeatures: dataset ? 6 : 1, features: 10, rowsMonitored: 100, estimatedROCAUC: 0.8, realizedROCAUC: concept ? 0.7 : nil,
            conceptDrift: concept, reportJSON: "{}")
    }

    @Test func firesOnAgeDriftAndConceptDriftOfProductionOnly() {
        let policy = RetrainingPolicy()
        #expect(RetrainingTrigger.reasons(policy: policy, production: nil, lastTrained: nil, latestRun: nil, now: Self.now) == ["there is no production model"])
        #expect(RetrainingTrigger.reasons(policy: policy, production: Self.production(ageDays: 10), lastTrained: nil, latestRun: nil, now: Self.now).isEmpty)
        #expect(RetrainingTrigger.reasons(policy: policy, production: Self.production(ageDays: 31), lastTrained: nil, latestRun: nil, now: Self.now).first?.contains("trained 31 days ago") == true)
        // A challenger registered (and perhaps rejected) since counts as the last training.
        #expect(RetrainingTrigger.reasons(policy: policy, production: Self.production(ageDays: 31), lastTrained: Self.now.addingTimeInterval(-86_400), latestRun: nil, now: Self.now).isEmpty)

        let young = Self.production(ageDays: 1)
        let dataset = RetrainingTrigger.reasons(policy: policy, production: young, lastTrained: nil, latestRun: Self.run(status: "alert", dataset: true), now: Self.now)
        #expect(dataset == ["dataset drift (60% of features) in the monitoring run of 2026-02-01"])
        #expect(RetrainingTrigger.reasons(policy: policy, production: young, lastTrained: nil, latestRun: Self.run(status: "alert"), now: Self.now) == ["score drift in the monitoring run of 2026-02-01"])
        let concept = RetrainingTrigger.reasons(policy: policy, production: young, lastTrained: nil, latestRun: Self.run(status: "alert", concept: true), now: Self.now)
        #expect(concept.count == 1 && concept[0].contains("concept drift") && concept[0].contains("0.7000"))
        // A warning is not an alert, and a run about another version says nothing about production.
        #expect(RetrainingTrigger.reasons(policy: policy, production: young, lastTrained: nil, latestRun: Self.run(status: "warn"), now: Self.now).isEmpty)
        #expect(RetrainingTrigger.reasons(policy: policy, production: young, lastTrained: nil, latestRun: Self.run(version: "v0", status: "alert", dataset: true), now: Self.now).isEmpty)

        // An alert older than the last training was answered by it.
        let answered = RetrainingTrigger.reasons(
            policy: policy, production: young, lastTrained: Self.now.addingTimeInterval(60), latestRun: Self.run(status: "alert", dataset: true), now: Self.now)
        #expect(answered.isEmpty)

        var quiet = policy
        quiet.onDriftAlert = false
        quiet.onConceptDrift = false
        quiet.everyDays = 0
        #expect(RetrainingTrigger.reasons(policy: quiet, production: Self.production(ageDays: 400), lastTrained: nil, latestRun: Self.run(status: "alert", dataset: true, concept: true), now: Self.now).isEmpty)
    }
}
