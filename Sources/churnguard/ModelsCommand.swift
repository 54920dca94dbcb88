import ArgumentParser
import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTraining
import Foundation

/// `churnguard models …`: the model registry and its lifecycle.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, inspect, promote, shadow, canary, roll back and archive registered models.",
        discussion: """
            Training with `churnguard train --register` or `churnguard retrain` adds a candidate (or a rejected version, with the gate's reason). \
            `models advance V` walks a challenger candidate → shadow → canary → production, each step behind the retraining \
            policy's gate; `promote` is the manual override that skips them. \
            Every stage change is recorded with who, when and why (`models show V`). \
            A running server picks up promotions made through its /admin routes immediately; after a CLI promotion, restart it.
            """,
        subcommands: [List.self, Show.self, Advance.self, Promote.self, Shadow.self, Canary.self, Rollback.self, Archive.self, Compare.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
        var home: String?

        @Option(name: .long, help: "Who is acting, recorded with every change.")
        var actor = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func withStore<T: Sendable>(_ body: (ChurnStore) async throws -> T) async throws -> T {
            try await churnguard.withStore(home: home, body)
        }
    }

    static func line(_ record: ModelVersionRecord) -> String {
        let auc = ((try? RegistryMetrics.decode(record.metricsJSON))?.rocAUC).map { String(format: "%.4f", $0) } ?? "-"
        let share = record.stage == .canary ? String(format: " (%.0f%%)", record.canaryShare * 100) : ""
        return "\(record.version.padding(toLength: 20, withPad: " ", startingAt: 0)) \((record.stage.rawValue + share).padding(toLength: 18, withPad: " ", startingAt: 0)) AUC \(auc)  \(ISO8601DateFormatter().string(from: record.createdAt))  \(record.reason ?? "")"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered versions, newest first.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let records = try await options.withStore { try await $0.modelRegistry.list() }
            if records.isEmpty { print("No registered models. Train one with `churnguard train --features F --out B --register`.") }
            for record in records { print(ModelsCommand.line(record)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one version: metrics, bundle and stage history.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The version.") var version: String

        func run() async throws {
            let (record, history) = try await options.withStore { store in
                guard let record = try await store.modelRegistry.version(version) else { throw StoreError.modelVersionNotFound(version) }
                return (record, try await store.modelRegistry.history(version: version))
            }
            print(ModelsCommand.line(record))
            print("bundle:  \(record.bundlePath)")
            print("metrics: \(record.metricsJSON)")
            print("history:")
            for change in history {
                print("  \(ISO8601DateFormatter().string(from: change.at))  \(change.fromStage?.rawValue ?? "-") → \(change.toStage.rawValue)  by \(change.actor)\(change.reason.map { ": \($0)" } ?? "")")
            }
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a challenger one gated step: candidate → shadow → canary → production.",
            discussion: """
                The gates are the retraining policy's (HOME/retraining.yaml or --policy FILE): a candidate needs the ROC-AUC floor,
                at most max_auc_drop below production and the calibration-error limit; a shadow and a canary need shadow_days /
                canary_days scoring days logged in that role and, once their scores have matured outcomes, no more than
                max_auc_drop below production on them. Running this command is the approval of the step; it is recorded.
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "The version.") var version: String
        @Option(name: .long, help: "Retraining policy file (default: HOME/retraining.yaml when it exists, else the defaults).") var policy: String?
        @Option(name: .long, help: "Why (recorded).") var reason: String?

        func run() async throws {
            let policy: RetrainingPolicy
            do {
                policy = try RetrainingPolicy.load(explicit: self.policy, home: DataHome.resolve(options.home))
            } catch {
                throw ValidationError(error.description)
            }
            let (record, evidence) = try await options.withStore { store in
                try await PromotionLadder(policy: policy).advance(version, in: store, actor: options.actor, reason: reason ?? "approved")
            }
            let share = record.stage == .canary ? String(format: " for %.1f%% of customers", record.canaryShare * 100) : ""
            print("\(record.version) is now \(record.stage.rawValue)\(share): \(evidence)")
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a version production; the previous production is archived (and can be restored with rollback).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The version.") var version: String
        @Option(name: .long, help: "Why (recorded).") var reason: String?

        func run() async throws {
            let record = try await options.withStore { store in
                guard let record = try await store.modelRegistry.version(version) else { throw StoreError.modelVersionNotFound(version) }
                _ = try ModelBundle.load(from: record.bundlePath)
                return try await store.modelRegistry.setStage(version, to: .production, actor: options.actor, reason: reason)
            }
            print("\(record.version) is now production")
        }
    }

    struct Shadow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score with a version alongside production; its predictions are logged (served_by=shadow), never returned.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The version.") var version: String
        @Option(name: .long, help: "Why (recorded).") var reason: String?

        func run() async throws {
            let record = try await options.withStore { try await $0.modelRegistry.setStage(version, to: .shadow, actor: options.actor, reason: reason) }
            print("\(record.version) is now the shadow model")
        }
    }

    struct Canary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve a share of customers (stable by customer id) with a version.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The version.") var version: String
        @Option(name: .long, help: "Share of customers, between 0 and 1 (e.g. 0.1).") var share: Double
        @Option(name: .long, help: "Why (recorded).") var reason: String?

        func run() async throws {
            let record = try await options.withStore {
                try await $0.modelRegistry.setStage(version, to: .canary, actor: options.actor, reason: reason, canaryShare: share)
            }
            print(String(format: "%@ is now the canary for %.1f%% of customers", record.version, record.canaryShare * 100))
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restore the previous production version.")
        @OptionGroup var options: StoreOptions
        @Option(name: .long, help: "Why (recorded).") var reason: String?

        func run() async throws {
            let record = try await options.withStore { try await $0.modelRegistry.rollback(actor: options.actor, reason: reason) }
            print("\(record.version) is production again")
        }
    }

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retire a version.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The version.") var version: String
        @Option(name: .long, help: "Why (recorded).") var reason: String?

        func run() async throws {
            let record = try await options.withStore { try await $0.modelRegistry.setStage(version, to: .archived, actor: options.actor, reason: reason) }
            print("\(record.version) is archived")
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare production with another version (default: the shadow) on outcomes: a labelled feature table, or the churn that arrived after their logged scores.",
            discussion: """
                --features F: both models score the labelled rows of F (build it after both were trained, so neither has seen it).
                --outcomes: the scores both versions logged for the same customers and dates (production and shadow of a batch run)
                are labelled with the churn events loaded since (`churnguard ingest`): churned within --horizon days after the date.
                Only dates whose whole horizon is covered by the loaded data count.
                """)
        @OptionGroup var options: StoreOptions
        @Option(name: .long, help: "Labelled feature table.") var features: String?
        @Flag(name: .long, help: "Use the logged scores and the churn events loaded since.") var outcomes = false
        @Option(name: .long, help: "With --outcomes: days after a score's date in which a churn counts.") var horizon = 90
        @Option(name: .long, help: "Version to compare with production (default: the shadow model).") var version: String?

        func validate() throws {
            guard (features != nil) != outcomes else { throw ValidationError("give either --features FILE or --outcomes") }
            guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1 day") }
        }

        func run() async throws {
            let (production, other, labelled) = try await options.withStore { store -> (ModelVersionRecord, ModelVersionRecord, OutcomeComparison?) in
                guard let production = try await store.modelRegistry.production() else { throw ValidationError("no production model") }
                let other: ModelVersionRecord?
                if let version { other = try await store.modelRegistry.version(version) } else { other = try await store.modelRegistry.shadow() }
                guard let other else { throw ValidationError("nothing to compare: pass --version V or set a shadow model") }
                guard outcomes else { return (production, other, nil) }
                do {
                    return (production, other, try await OutcomeComparison.build(
                        store: store, versions: (production.version, other.version), horizon: horizon))
                } catch let error as OutcomeComparisonError {
                    throw ValidationError(error.description)
                }
            }
            var reports: [BinaryClassificationReport] = []
            if let labelled {
                print("outcomes: \(labelled.rows) customer-dates scored by both (\(labelled.days.joined(separator: ", "))), \(labelled.positives) churned within \(horizon) days; data through \(labelled.lastDay)")
                if labelled.skippedDays > 0 { print("left out: \(labelled.skippedDays) later dates whose \(horizon)-day window is not over yet") }
                do {
                    reports = [try BinaryClassificationReport(scores: labelled.scores.0, labels: labelled.labels),
                               try BinaryClassificationReport(scores: labelled.scores.1, labels: labelled.labels)]
                } catch {
                    throw ValidationError("cannot compare on these outcomes: \(error)")
                }
            } else if let features {
                for record in [production, other] {
                    let bundle = try ModelBundle.load(from: record.bundlePath)
                    let table = try EncodedFeatureTable.load(path: features, schema: bundle.manifest.featureSchema)
                    reports.append(try BundleEvaluator.evaluate(bundle: bundle, table: table, selection: .all).calibrated)
                }
            }
            print("metric        \(production.version.padding(toLength: 22, withPad: " ", startingAt: 0)) \(other.version)")
            func row(_ name: String, _ value: (BinaryClassificationReport) -> Double) {
                print("\(name.padding(toLength: 13, withPad: " ", startingAt: 0)) \(String(format: "%-22.4f", value(reports[0]))) \(String(format: "%.4f", value(reports[1])))")
            }
            row("ROC-AUC", \.rocAUC)
            row("PR-AUC", \.prAUC)
            row("Brier", \.brierScore)
            row("precision@10%", \.precisionAtTop)
            row("ECE", \.expectedCalibrationError)
        }
    }
}
