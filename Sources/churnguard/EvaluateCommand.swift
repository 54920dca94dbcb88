import ArgumentParser
import ChurnData
import ChurnModel
import ChurnTraining
import Foundation

/// `churnguard evaluate`: how a bundle does on labelled rows it has not seen.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model bundle on a labelled feature table: ranking, calibration and the rule baseline.",
        discussion: """
            Reports ROC-AUC, PR-AUC, Brier score, log loss, precision@10%, precision/recall/F1 at the HIGH \
            threshold and reliability bins with the expected calibration error, before and after calibration, \
            next to the no-ML rule on the same rows, plus gain-based feature importance. \
            By default only rows after the bundle's training window are used (all rows for flat data).

            Examples:
              churnguard evaluate --bundle demo/model --features demo/features.csv
              churnguard evaluate --bundle demo/model --features demo/features.csv --from 2025-10-01 --json
            """
    )

    @Option(name: .long, help: "Model bundle directory.")
    var bundle: String

    @Option(name: .long, help: "Labelled feature table with the bundle's features.")
    var features: String

    @Option(name: .long, help: "Only rows with as_of on or after this date (YYYY-MM-DD).")
    var from: String?

    @Flag(name: .long, help: "Use every labelled row, including those the model was trained or tuned on.")
    var allRows = false

    @Flag(name: .long, help: "Print JSON instead of the table.")
    var json = false

    func validate() throws {
        if let from, CalendarDay(from) == nil { throw ValidationError("--from '\(from)' is not a YYYY-MM-DD date") }
        if from != nil, allRows { throw ValidationError("--from and --all-rows exclude each other") }
    }

    func run() throws {
        let model = try ModelBundle.load(from: bundle)
        let table = try EncodedFeatureTable.load(path: features, schema: model.manifest.featureSchema)
        let selection: BundleEvaluator.RowSelection =
            if let from, let day = CalendarDay(from) { .from(day: day.daysSinceEpoch) } else if allRows { .all } else { .unseen }
        let evaluation = try BundleEvaluator.evaluate(bundle: model, table: table, selection: selection)
        if let training = model.manifest.training, training.dataFingerprint == table.fingerprint, !table.isSnapshotData || allRows {
            StandardError.print("warning: \(features) is the data this model was trained on; these figures are optimistic. The honest ones are the training-time cross-validation figures below.")
        }
        if json {
            let report = EvaluationJSON(
                bundleVersion: model.version, evaluation: evaluation, featureImportance: model.manifest.featureImportance,
                trainingEvaluation: model.manifest.evaluation)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("Model \(model.version)")
            print(EvaluationTable.render(evaluation, importance: model.manifest.featureImportance))
            if let training = model.manifest.evaluation {
                print("")
                print("At training time (\(training.dataset)): ROC-AUC \(EvaluationTable.fixed(training.calibrated.rocAUC)), ECE \(EvaluationTable.fixed(training.calibrated.expectedCalibrationError)); "
                    + training.baselines.map { "\($0.name) ROC-AUC \(EvaluationTable.fixed($0.report.rocAUC))" }.joined(separator: ", "))
            }
        }
    }
}

/// What `evaluate --json` prints.
struct EvaluationJSON: Encodable {
    var bundleVersion: String
    var evaluation: ModelEvaluation
    var featureImportance: [FeatureImportance]
    var trainingEvaluation: ModelEvaluation?
}
