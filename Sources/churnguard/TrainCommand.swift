import ArgumentParser
import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTraining
import Foundation

/// `churnguard train`: trains, calibrates and evaluates a model and writes it as a bundle.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Choose and train a churn model on a feature table and write a calibrated, evaluated model bundle.",
        discussion: """
            Snapshot tables (from `churnguard features`) are split by time: the oldest snapshots train, the next \
            --validation-snapshots dates early-stop and calibrate, the newest --test-snapshots labelled dates test. \
            Flat tables (from `churnguard import`) are cross-validated with --folds stratified folds. \
            Within --budget seconds (default 60) a seeded search compares boosted trees (depth, learning rate \
            with rounds, min_child_weight, subsample, colsample, lambda/alpha, scale_pos_weight), a random \
            forest and logistic regression by successive halving, on validation data only: on flat data it \
            runs inside every outer fold, so the cross-validated figures stay honest. `train` prints every \
            trial, the winner and its margin; the bundle serves the winner, a logistic regression included, \
            and records the search. On a flat table the budget covers all of `train` (the nested searches, the \
            refits, calibration and the baselines; a tenth is kept for what follows the searches). On a \
            snapshot table it covers the search; when the table is big enough that the search's first rung \
            trains on a sample and the budget cannot pay for the winner's fit on all training rows, that final \
            fit runs after the search, outside the budget, and `train` prints its time apart. A candidate is \
            launched only if it is predicted to finish in time; the defaults always run. `train` prints what \
            the search spent and a `time:` line per phase. --budget 0 trains the XGBoost parameters as given, \
            without a search. \
            Calibration is isotonic (blocks of at least √n rows, interpolated), the mean of such maps over \
            bootstrap resamples, beta or Platt: the lowest held-out log loss among those that cost at most \
            0.002 of held-out ROC-AUC. \
            The bundle directory holds model.json (XGBoost JSON, loadable by any XGBoost, or ChurnGuard's \
            logistic-regression format) and manifest.json (schema, calibrator, tiers, metrics, search, \
            thresholds, reference distributions).

            Examples:
              churnguard train --features demo/features.csv --out demo/model
              churnguard train --features telco.csv --out telco-model --budget 120 --high-threshold auto
              churnguard train --features telco.csv --out telco-model --budget 0 --param max_depth=4 --param eta=0.05
            """
    )

    @Option(name: .long, help: "Feature table to train on (with FILE.schema.json beside it).")
    var features: String

    @Option(name: .long, help: "Bundle directory to write.")
    var out: String

    @OptionGroup var training: TrainingOptionGroup

    @Flag(name: .long, help: "Replace an existing bundle at --out.")
    var force = false

    @Flag(name: .long, help: "Register the bundle in the model registry as a candidate, subject to the gate.")
    var register = false

    @Option(name: .long, help: "Gate: lowest ROC-AUC a registered model may have (the spec's target).")
    var minAuc = 0.88

    @Option(name: .long, help: "Data directory for --register (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    func validate() throws {
        guard (0...1).contains(minAuc) else { throw ValidationError("--min-auc must be between 0 and 1") }
    }

    func run() async throws {
        if !force, FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(ModelBundle.manifestFile)) {
            throw ValidationError("\(out) already holds a model bundle; pass --force to replace it or choose another --out")
        }
        let options = try training.modelTrainingOptions()
        let started = Date()
        StandardError.print("reading \(features)")
        let table = try EncodedFeatureTable.load(path: features)
        StandardError.print("read \(table.rowCount) rows × \(table.schema.features.count) features (\(table.encoder.columnCount) encoded columns) in \(seconds(since: started))")
        let outcome = try ModelTrainingPipeline.run(table: table, options: options) { StandardError.print($0) }
        try outcome.bundle.save(to: out)
        print(SelectionTable.render(outcome.bundle.manifest))
        print("")
        print(EvaluationTable.render(outcome.evaluation, importance: outcome.bundle.manifest.featureImportance))
        print("")
        print("Wrote bundle \(outcome.bundle.version) to \(out) in \(seconds(since: started))")
        if register {
            let home = DataHome.resolve(home)
            let record = try await withStore(home: home) { store in
                try await ModelRegistration.register(
                    bundle: outcome.bundle, into: store, home: home, gate: PromotionGate(minimumAUC: minAuc), actor: "cli")
            }
            if record.stage == .rejected {
                print("Registered \(record.version) as REJECTED: \(record.reason ?? "")")
            } else {
                print("Registered \(record.version) as a candidate; promote it with: churnguard models promote \(record.version)")
            }
        }
    }
}

func seconds(since start: Date) -> String {
    String(format: "%.1f s", Date().timeIntervalSince(start))
}
