import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// The gated walk candidate → shadow → canary → production on a real SQLite store, with logged
/// scores and churn outcomes loaded as raw tables.
@Suite struct PromotionLadderTests {
    static var policy: RetrainingPolicy {
        var policy = RetrainingPolicy()
        policy.gate = PromotionGate(minimumAUC: 0.8, maxDrop: 0.03, maxCalibrationError: 0.05)
        policy.shadowDays = 2
        policy.canaryDays = 1
        policy.canaryShare = 0.2
        return policy
    }

    static func metrics(auc: Double, ece: Double = 0.02, champion: Double? = nil) -> String {
        RegistryMetrics(rocAUC: auc, expectedCalibrationError: ece, championVersion: champion.map { _ in "p1" }, championROCAUC: champion).encoded()
    }

    static func churned(_ i: Int) -> Bool { i % 10 == 0 }

    /// 200 customers; every tenth churns on 2025-03-15; activity is loaded through 2025-12-31.
    static func loadOutcomes(_ store: ChurnStore) async throws {
        let specs = Dictionary(uniqueKeysWithValues: RawTableSpec.all.map { ($0.table, $0) })
        let churns = (0..<200).filter(churned).map { [String(format: "c%03d", $0), "2025-03-15T10:00:00Z", "price"] as [String?] }
        _ = try await store.rawTables.insert(churns, into: specs["raw_churn_events"]!)
        _ = try await store.rawTables.insert([["c001", "2025-12-31", "1", "1", "1", "0"]], into: specs["raw_engagement_daily"]!)
    }

    /// Scores of `version` in `role` for the 200 customers on `day`: `quality` 1 ranks the churners on
    /// top, 0.5 mixes them in, 0 puts them at the bottom.
    static func log(_ store: ChurnStore, version: String, role: ServedBy, day: String, quality: Double) async throws {
        let records = (0..<200).map { i -> PredictionRecord in
            let spread = Double(i % 37) / 37 * 0.4 + 0.1
            let p = churned(i) ? (quality >= 1 ? 0.95 : quality <= 0 ? 0.01 : 0.45 + Double(i % 7) / 100) : spread
            return PredictionRecord(
                customerID: String(format: "c%03d", i), asOf: day, churnProbability: p, churnRiskLevel: p >= 0.7 ? "HIGH" : "LOW",
                modelVersion: version, servedBy: role, rawProbability: p, inferenceFeaturesJSON: "{}")
        }
        _ = try await store.predictionsLog.insert(records)
    }

    @Test func walksAGoodChallengerToProductionOneGatedStepAtATime() async throws {
        try await withTestStore { store, _ in
            let ladder = PromotionLadder(policy: Self.policy)
            try await store.modelRegistry.registerCandidate(version: "p1", metricsJSON: Self.metrics(auc: 0.9), bundlePath: "/p1", actor: "test")
            try await store.modelRegistry.setStage("p1", to: .production, actor: "test")
            // Production's registered 0.90 is from older data; on the challenger's rows it scored 0.83.
            try await store.modelRegistry.registerCandidate(version: "c1", metricsJSON: Self.metrics(auc: 0.85, champion: 0.83), bundlePath: "/c1", actor: "retrain")

            let first = try await ladder.advance("c1", in: store, actor: "alice")
            #expect(first.record.stage == .shadow)
            #expect(first.evidence.contains("production 0.8300 on the same rows"), "\(first.evidence)")
            await #expect(throws: PromotionRefusal.waiting(version: "c1", reason: "c1 has logged 0 of the 2 scoring days it needs as shadow")) {
                try await ladder.advance("c1", in: store, actor: "alice")
            }

            try await Self.loadOutcomes(store)
            for day in ["2025-01-01", "2025-02-01"] {
                try await Self.log(store, version: "p1", role: .production, day: day, quality: 0.5)
                try await Self.log(store, version: "c1", role: .shadow, day: day, quality: 1)
            }
            let second = try await ladder.advance("c1", in: store, actor: "alice")
            #expect(second.record.stage == .canary && second.record.canaryShare == 0.2)
            #expect(second.evidence.contains("2 scoring days as shadow") && second.evidence.contains("on 400 matured outcomes (40 churned)"), "\(second.evidence)")

            await #expect(throws: PromotionRefusal.self) { try await ladder.advance("c1", in: store, actor: "alice") }
            try await Self.log(store, version: "c1", role: .canary, day: "2025-03-01", quality: 1)
            let third = try await ladder.advance("c1", in: store, actor: "alice")
            #expect(third.record.stage == .production)
            #expect(try await store.modelRegistry.production()?.version == "c1")
            #expect(try await store.modelRegistry.version("p1")?.stage == .archived)

            // Every step is in the stage history and the audit log, with who and the gate's evidence.
            let history = try await store.modelRegistry.history(version: "c1")
            #expect(history.map(\.toStage) == [.candidate, .shadow, .canary, .production])
            #expect(history.dropFirst().allSatisfy { $0.actor == "alice" && ($0.reason ?? "").contains("gate passed") })
            let audit = try await store.auditLog.entries(target: "model:c1")
            #expect(audit.filter { $0.action == "model.stage" }.count == 4)
            // Production cannot advance further.
            await #expect(throws: PromotionRefusal.failed(version: "c1", reason: "c1 is already production")) {
                try await ladder.advance("c1", in: store, actor: "alice")
            }
        }
    }

    @Test func refusesAChallengerWorseThanProduction() async throws {
        try await withTestStore { store, _ in
            let ladder = PromotionLadder(policy: Self.policy)
            try await store.modelRegistry.registerCandidate(version: "p1", metricsJSON: Self.metrics(auc: 0.9), bundlePath: "/p1", actor: "test")
            try await store.modelRegistry.setStage("p1", to: .production, actor: "test")
            // Below production on the same rows, badly calibrated, or below the floor: no step.
            try await store.modelRegistry.registerCandidate(version: "c2", metricsJSON: Self.metrics(auc: 0.86, champion: 0.95), bundlePath: "/c2", actor: "retrain")
            try await store.modelRegistry.registerCandidate(version: "c3", metricsJSON: Self.metrics(auc: 0.9, ece: 0.2), bundlePath: "/c3", actor: "retrain")
            try await store.modelRegistry.registerCandidate(version: "c4", metricsJSON: Self.metrics(auc: 0.7), bundlePath: "/c4", actor: "retrain")
            for (version, why) in [("c2", "more than 0.03 below production's 0.9500"), ("c3", "calibration error (ECE) 0.2000"), ("c4", "below the floor")] {
                let verdict = try await ladder.verdict(for: try #require(try await store.modelRegistry.version(version)), in: store)
                guard case .failed(let reason) = verdict else {
                    Issue.record("\(version): \(verdict)")
                    continue
                }
                #expect(reason.contains(why), "\(version): \(reason)")
            }

            // A shadow that ranks the matured outcomes far worse than production stays where it is.
            try await store.modelRegistry.registerCandidate(version: "c5", metricsJSON: Self.metrics(auc: 0.9, champion: 0.88), bundlePath: "/c5", actor: "retrain")
            try await ladder.advance("c5", in: store, actor: "bob")
            try await Self.loadOutcomes(store)
            for day in ["2025-01-01", "2025-02-01"] {
                try await Self.log(store, version: "p1", role: .production, day: day, quality: 1)
                try await Self.log(store, version: "c5", role: .shadow, day: day, quality: 0)
            }
            do {
                try await ladder.advance("c5", in: store, actor: "bob")
                Issue.record("a shadow worse on outcomes advanced")
            } catch let refusal as PromotionRefusal {
                guard case .failed(_, let reason) = refusal else { throw refusal }
                #expect(reason.contains("ROC-AUC 0.0000 vs production's 1.0000") && reason.contains("more than 0.03 below"), "\(reason)")
            }
            #expect(try await store.modelRegistry.version("c5")?.stage == .shadow)
        }
    }

    @Test func theFirstModelGoesStraightToProductionThroughTheMetricGate() async throws {
        try await withTestStore { store, _ in
            try await store.modelRegistry.registerCandidate(version: "first", metricsJSON: Self.metrics(auc: 0.9), bundlePath: "/f", actor: "retrain")
            let moved = try await PromotionLadder(policy: Self.policy).advance("first", in: store, actor: "carol")
            #expect(moved.record.stage == .production && moved.evidence.contains("there is no production model yet"))
        }
    }
}
