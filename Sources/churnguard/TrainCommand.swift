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
        abstract: "Train an XGBoost churn model on a feature table and write a calibrated, evaluated model bundle.",
        discussion: """
            Snapshot tables (from `churnguard features`) are split by time: the oldest snapshots train, the next
            --validation-snapshots dates early-stop and calibrate, the newest --test-snapshots labelled dates test.
            Flat tables (from `churnguard import`) are cross-validated with --folds stratified folds.
            The bundle directory holds model.json (loadable by any XGBoost) and manifest.json (schema,
            calibrator, tiers, metrics, reference distributions).

            Examples:
              churnguard train --features demo/features.csv --out demo/model
              churnguard train --features telco.csv --out telco-model --param max_depth=4 --param eta=0.05
            """
    )

    @Option(name: .long, help: "Feature table to train on (with FILE.schema.json beside it).")
    var features: String

    @Option(name: .long, help: "Bundle directory to write.")
    var out: String

    @Option(name: .long, help: ArgumentHelp(
        "An XGBoost parameter as key=value; repeat for several.",
        discussion: "e.g. max_depth=4, eta=0.05, num_boost_round=300, early_stopping_rounds=20, scale_pos_weight=1, nthread=2."))
    var param: [String] = []

    @Option(name: .long, help: "Bundle version (default: v + UTC time, e.g. v20261125-143000).")
    var version: String?

    @Option(name: .long, help: "Snapshot data: distinct dates held out for early stopping and calibration.")
    var validationSnapshots = 1

    @Option(name: .long, help: "Snapshot data: newest labelled dates held out for the test.")
    var testSnapshots = 1

    @Option(name: .long, help: "Flat data: number of stratified cross-validation folds.")
    var folds = 5

    @Option(name: .long, help: "Seed for folds and XGBoost sampling.")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Replace an existing bundle at --out.")
    var force = false

    @Flag(name: .long, help: "Register the bundle in the model registry as a candidate, subject to the gate.")
    var register = false

    @Option(name: .long, help: "Gate: lowest ROC-AUC a registered model may have (the spec's target).")
    var minAuc = 0.88

    @Option(name: .long, help: "Data directory for --register (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    func validate() throws {
        guard validationSnapshots >= 1 else { throw ValidationError("--validation-snapshots must be at least 1") }
        guard testSnapshots >= 1 else { throw ValidationError("--test-snapshots must be at least 1") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard (0...1).contains(minAuc) else { throw ValidationError("--min-auc must be between 0 and 1") }
    }

    func run() async throws {
        if !force, FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(ModelBundle.manifestFile)) {
            throw ValidationError("\(out) already holds a model bundle; pass --force to replace it or choose another --out")
        }
        var options = ModelTrainingOptions()
        options.parameters = try TrainingParameters(overrides: param)
        options.validationSnapshots = validationSnapshots
        options.testSnapshots = testSnapshots
        options.folds = folds
        options.seed = seed
        options.version = version
        let started = Date()
        StandardError.print("reading \(features)")
        let table = try EncodedFeatureTable.load(path: features)
        StandardError.print("read \(table.rowCount) rows × \(table.schema.features.count) features (\(table.encoder.columnCount) encoded columns) in \(seconds(since: started))")
        let outcome = try ModelTrainingPipeline.run(table: table, options: options) { StandardError.print($0) }
        try outcome.bundle.save(to: out)
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
