import ChurnServices
import ChurnStore
import Foundation
import Testing

/// `churnguard retrain` end to end on `generate --drift` data: a champion trained before the
/// competitor launch, a challenger retrained after it, compared on the newest labelled window and
/// walked candidate → shadow → canary → production under the gates, first by hand, then automatically.
@Suite(.serialized) struct RetrainCommandTests {
    static let tuning = ["--budget", "0", "--param", "nthread=2", "--param", "max_depth=4", "--param", "num_boost_round=60"]

    static func run(_ arguments: [String]) async throws -> CLIProcess.Result {
        try await BatchScoringTests.check(CLIProcess.run(arguments))
    }

    /// The ROC-AUC row of retrain's comparison table: (production, challenger).
    static func comparedAUC(_ output: String) throws -> (Double, Double) {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("ROC-AUC ") }) else {
            throw BatchScoringTests.CLIError("no comparison table in:\n\(output)")
        }
        let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard numbers.count == 2 else { throw BatchScoringTests.CLIError("unreadable row: \(line)") }
        return (numbers[0], numbers[1])
    }

    @Test func aChallengerRetrainedAfterTheLaunchBeatsTheChampionAndWalksToProduction() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("raw").path
        let home = directory.appendingPathComponent("home").path
        let before = directory.appendingPathComponent("before.csv").path
        let all = directory.appendingPathComponent("all.csv").path
        let policy = (home as NSString).appendingPathComponent("retraining.yaml")
        // 18 months from 2025-01-01: the launch is on 2026-01-01, labels (90 days) reach snapshots of 2026-04-01.
        _ = try await Self.run(["generate", "--customers", "3000", "--months", "18", "--drift", "--seed", "42", "--out", raw])
        let preLaunch = ["2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"]
        let later = ["2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]
        _ = try await Self.run(["features", "--data", raw, "--as-of", preLaunch.joined(separator: ","), "--horizon", "90d", "--out", before, "--skip-quality-gate"])
        _ = try await Self.run(["features", "--data", raw, "--as-of", (preLaunch + later).joined(separator: ","), "--horizon", "90d", "--out", all, "--skip-quality-gate"])
        _ = try await Self.run(["train", "--features", before, "--out", directory.appendingPathComponent("champ").path, "--version", "champ",
                          "--validation-snapshots", "2", "--register", "--min-auc", "0", "--home", home] + Self.tuning)
        _ = try await Self.run(["models", "promote", "champ", "--home", home])

        // A policy with a typo is refused with its line, before any training.
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "promotion:\n  approval: later\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let refused = try await CLIProcess.run(["retrain", "--features", all, "--home", home])
        #expect(refused.status != 0 && refused.standardError.contains("line 2: promotion.approval: 'later' is not an approval mode"), "\(refused.standardError)")

        // Manual approval (the default): nothing is due yet, and a retrained challenger waits as a candidate.
        try "gates: {min_roc_auc: 0.6, max_calibration_error: 0.1}\npromotion: {shadow_days: 1, canary_days: 1}\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let notDue = try await Self.run(["retrain", "--features", all, "--home", home, "--when-due"])
        #expect(notDue.standardOutput.contains("retraining is not due"), "\(notDue.standardOutput)")
        let retrained = try await Self.run(["retrain", "--features", all, "--home", home, "--version", "chal"] + Self.tuning)
        let (championAUC, challengerAUC) = try Self.comparedAUC(retrained.standardOutput)
        #expect(retrained.standardOutput.contains("Production and challenger on the same rows: labelled rows of \(all) from 2026-04-01"))
        // The post-launch window: the champion never saw the competitor; the challenger learned it.
        #expect(challengerAUC > championAUC + 0.01, "challenger \(challengerAUC) vs champion \(championAUC)")
        #expect(retrained.standardOutput.contains("Registered chal as a candidate.") && retrained.standardOutput.contains("Approval is manual"))
        _ = try await Self.run(["models", "advance", "chal", "--home", home, "--actor", "alice", "--reason", "looks right"])
        let early = try await CLIProcess.run(["models", "advance", "chal", "--home", home])
        #expect(early.status != 0 && early.standardError.contains("chal cannot advance yet: chal has logged 0 of the 1 scoring days it needs as shadow"), "\(early.standardError)")

        // Automatic: each scheduled `retrain --when-due` takes the step whose gate now passes.
        try "gates: {min_roc_auc: 0.6, max_calibration_error: 0.1}\npromotion: {approval: automatic, shadow_days: 1, canary_days: 1}\n"
            .write(toFile: policy, atomically: true, encoding: .utf8)
        _ = try await Self.run(["ingest", "--data", raw, "--as-of", "2026-03-01", "--home", home, "--min-completeness", "0"])
        _ = try await Self.run(["score", "--as-of", "2026-03-01", "--home", home, "--no-reasons"])
        let toCanary = try await Self.run(["retrain", "--features", all, "--home", home, "--when-due"])
        // 2026-03-01 + 90 days is inside the loaded data: the shadow is judged on real outcomes.
        #expect(toCanary.standardOutput.contains("chal is now canary: 1 scoring days as shadow (last 2026-03-01); on "), "\(toCanary.standardOutput)")
        #expect(toCanary.standardOutput.contains("chal stays canary: chal has logged 0 of the 1 scoring days it needs as canary"))
        _ = try await Self.run(["ingest", "--data", raw, "--as-of", "2026-04-01", "--home", home, "--skip-raw", "--min-completeness", "0"])
        _ = try await Self.run(["score", "--as-of", "2026-04-01", "--home", home, "--no-reasons"])
        let toProduction = try await Self.run(["retrain", "--features", all, "--home", home, "--when-due"])
        #expect(toProduction.standardOutput.contains("chal is now production"), "\(toProduction.standardOutput)")

        try await BatchScoringTests.withStore(home: home) { store in
            #expect(try await store.modelRegistry.production()?.version == "chal")
            #expect(try await store.modelRegistry.version("champ")?.stage == .archived)
            let history = try await store.modelRegistry.history(version: "chal")
            #expect(history.map(\.toStage) == [.candidate, .shadow, .canary, .production])
            #expect(history.map(\.actor) == ["retrain", "alice", "retrain", "retrain"])
            #expect(history[1].reason?.hasPrefix("looks right; gate passed: ROC-AUC") == true, "\(history[1].reason ?? "")")
            let metrics = try RegistryMetrics.decode(try #require(try await store.modelRegistry.version("chal")).metricsJSON)
            // The table prints four decimals.
            #expect(metrics.championVersion == "champ" && abs((metrics.championROCAUC ?? 0) - championAUC) < 0.00006)
            let audit = try await store.auditLog.entries(target: "model:chal")
            #expect(audit.contains { $0.action == "model.retrain" && $0.detailsJSON.contains("\"champion\":\"champ\"") })
            #expect(try await store.predictionsLog.scoringDays(modelVersion: "chal", servedBy: .canary) == ["2026-04-01"])
        }
        // Nothing is left to walk, and an archived version cannot advance.
        let archived = try await CLIProcess.run(["models", "advance", "champ", "--home", home])
        #expect(archived.status != 0 && archived.standardError.contains("champ is archived; only a candidate, shadow or canary can advance"))
    }
}
