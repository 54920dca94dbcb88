import ArgumentParser
import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTraining
import Foundation

/// `churnguard retrain`: trains a challenger as `train` does, compares it with production on the
/// newest labelled window, registers it behind the gates and, by the policy, walks it towards
/// production one gated step at a time.
struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Train a challenger, compare it with production on the newest labelled window, and register it behind the gates.",
        discussion: """
            The feature table (from `churnguard features --as-of monthly`) should reach the latest labelled day; its newest \
            labelled snapshot is the test window, on which production is scored too. The challenger is registered as a \
            candidate when it passes the policy's gate (ROC-AUC floor, at most max_auc_drop below production on the same \
            rows, calibration error), else as rejected with the reason. Promotion is never direct: a candidate becomes the \
            shadow, then the canary, then production (`churnguard models advance V`), each step behind its gate.

            The policy is HOME/retraining.yaml (or --policy FILE); see docs/ARCHITECTURE.md. With --when-due (what a \
            scheduled job runs) the command trains only when a trigger fires: production older than every_days, a drift \
            alert or concept drift in production's newest monitoring run. While a challenger is on its way it is not \
            replaced: with `approval: automatic` the run takes its next step when the gate passes; with `approval: manual` \
            it says what waits for a person. Every step is recorded in the registry's history and the audit log.

            Examples:
              churnguard retrain --features data/features.csv --home data
              churnguard retrain --features data/features.csv --home data --when-due --budget 120
            """)

    @Option(name: .long, help: "Labelled snapshot feature table to train on (with FILE.schema.json beside it).")
    var features: String

    @Flag(name: .long, help: "Train only when the policy's triggers say so; advance a challenger already on its way.")
    var whenDue = false

    @Option(name: .long, help: "Retraining policy file (default: HOME/retraining.yaml when it exists, else the defaults).")
    var policy: String?

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
    var home: String?

    @Option(name: .long, help: "Who is acting, recorded with every change.")
    var actor = "retrain"

    @OptionGroup(title: "Training") var training: TrainingOptionGroup

    func run() async throws {
        let home = DataHome.resolve(home)
        let policy: RetrainingPolicy
        do {
            policy = try RetrainingPolicy.load(explicit: self.policy, home: home)
        } catch {
            throw ValidationError(error.description)
        }
        guard FileManager.default.fileExists(atPath: features) else {
            throw ValidationError("--features \(features) does not exist; build it with `churnguard features --data DIR --as-of monthly --horizon 90d --out \(features)`")
        }
        let ladder = PromotionLadder(policy: policy)
        let triggers: [String]? = try await withStore(home: home) { store in
            guard whenDue else { return ["on request (no --when-due)"] }
            if let challenger = try await Self.challengerOnItsWay(in: store) {
                try await Self.walk(challenger, ladder: ladder, store: store, actor: actor)
                // Still on its way (or just promoted): nothing to train this time.
                if let current = try await store.modelRegistry.version(challenger.version), PromotionLadder.isOnItsWay(current.stage) || current.stage == .production {
                    return nil
                }
            }
            let reasons = RetrainingTrigger.reasons(
                policy: policy, production: try await store.modelRegistry.production(),
                lastTrained: try await store.modelRegistry.list().first?.createdAt, latestRun: try await store.monitoringRuns.latest())
            if reasons.isEmpty {
                print("retraining is not due: the newest model is younger than \(policy.everyDays) days and no monitoring run since raised a drift alert")
                return nil
            }
            return reasons
        }
        guard let triggers else { return }
        print("retraining: \(triggers.joined(separator: "; "))")
        try await trainAndRegister(home: home, policy: policy, ladder: ladder, triggers: triggers)
    }

    private func trainAndRegister(home: String, policy: RetrainingPolicy, ladder: PromotionLadder, triggers: [String]) async throws {
        var options = try training.modelTrainingOptions()
        if options.version == nil { options.version = "r" + ModelTrainingPipeline.defaultVersion().dropFirst() }
        let started = Date()
        let table = try EncodedFeatureTable.load(path: features)
        guard table.isSnapshotData else {
            throw ValidationError("\(features) has no snapshot dates: retraining compares models on the newest labelled window, so it needs a table from `churnguard features`")
        }
        StandardError.print("read \(table.rowCount) rows × \(table.schema.features.count) features in \(seconds(since: started))")
        let outcome = try ModelTrainingPipeline.run(table: table, options: options) { StandardError.print($0) }
        print(SelectionTable.render(outcome.bundle.manifest))
        print("")
        try await withStore(home: home) { store in
            let production = try await store.modelRegistry.production()
            var comparison: ChampionComparison?
            if let production {
                comparison = try ChampionComparison.evaluate(
                    champion: try ModelBundle.load(from: production.bundlePath), challenger: outcome.bundle, table: table)
                if let comparison { print(Self.render(comparison, champion: production.version, challenger: outcome.bundle.version)) }
            }
            let record = try await ModelRegistration.register(
                bundle: outcome.bundle, into: store, home: home, gate: policy.gate, actor: actor,
                reason: "retrained: " + triggers.joined(separator: "; "), productionAUC: comparison?.champion.rocAUC,
                champion: production.map(\.version))
            try await store.auditLog.append(AuditEntry(
                actor: actor, action: "model.retrain", target: "model:\(record.version)",
                detailsJSON: try AuditLog.detailsJSON([
                    "triggers": triggers.joined(separator: "; "), "stage": record.stage.rawValue, "champion": production?.version,
                    "challenger_roc_auc": comparison.map { String(format: "%.4f", $0.challenger.rocAUC) },
                    "champion_roc_auc": comparison.map { String(format: "%.4f", $0.champion.rocAUC) },
                    "window": comparison?.window,
                ])))
            if record.stage == .rejected {
                print("Registered \(record.version) as REJECTED: \(record.reason ?? ""); production stays \(production?.version ?? "unset")")
                return
            }
            print("Registered \(record.version) as a candidate.")
            if policy.approval == .automatic {
                try await Self.walk(record, ladder: ladder, store: store, actor: actor)
            } else {
                print("Approval is manual: take each step with `churnguard models advance \(record.version)` (candidate → shadow → canary → production).")
            }
        }
    }

    /// The newest challenger still on its way: the canary, else the shadow, else a candidate newer than production.
    static func challengerOnItsWay(in store: ChurnStore) async throws -> ModelVersionRecord? {
        if let canary = try await store.modelRegistry.canary() { return canary }
        if let shadow = try await store.modelRegistry.shadow() { return shadow }
        let productionCreated = try await store.modelRegistry.production()?.createdAt ?? .distantPast
        return try await store.modelRegistry.list(stage: .candidate).first { $0.createdAt > productionCreated }
    }

    /// Takes every step whose gate passes now; a failed gate rejects the challenger (automatic mode),
    /// or says what a person must decide (manual).
    static func walk(_ challenger: ModelVersionRecord, ladder: PromotionLadder, store: ChurnStore, actor: String) async throws {
        var version = challenger.version
        while true {
            guard let record = try await store.modelRegistry.version(version), PromotionLadder.isOnItsWay(record.stage) else { return }
            let verdict = try await ladder.verdict(for: record, in: store)
            switch verdict {
            case .ready(let stage, let evidence):
                guard ladder.policy.approval == .automatic else {
                    print("\(version) (\(record.stage.rawValue)) may become \(stage.rawValue) (\(evidence)); approval is manual: `churnguard models advance \(version)`")
                    return
                }
                let moved = try await ladder.advance(version, in: store, actor: actor, reason: "automatic")
                print("\(version) is now \(moved.record.stage.rawValue): \(moved.evidence)")
                version = moved.record.version
                if moved.record.stage == .production { return }
            case .waiting(let why):
                print("\(version) stays \(record.stage.rawValue): \(why)")
                return
            case .failed(let why):
                guard ladder.policy.approval == .automatic else {
                    print("\(version) (\(record.stage.rawValue)) fails its gate: \(why); archive it with `churnguard models archive \(version)`")
                    return
                }
                try await store.modelRegistry.setStage(version, to: .rejected, actor: actor, reason: "gate: \(why)")
                print("\(version) is REJECTED: \(why)")
                return
            }
        }
    }

    static func render(_ comparison: ChampionComparison, champion: String, challenger: String) -> String {
        var lines = ["Production and challenger on the same rows: \(comparison.window) (\(comparison.rows) rows, \(comparison.positives) churned)"]
        lines.append("metric        " + champion.padding(toLength: 22, withPad: " ", startingAt: 0) + challenger)
        func row(_ name: String, _ value: (BinaryClassificationReport) -> Double) {
            lines.append(name.padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(format: "%-22.4f%.4f", value(comparison.champion), value(comparison.challenger)))
        }
        row("ROC-AUC", \.rocAUC)
        row("PR-AUC", \.prAUC)
        row("Brier", \.brierScore)
        row("precision@10%", \.precisionAtTop)
        row("ECE", \.expectedCalibrationError)
        if comparison.championSawWindow {
            lines.append("note: production was trained or calibrated on part of this window, so its figures flatter it")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
