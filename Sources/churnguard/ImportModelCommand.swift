import ArgumentParser
import ChurnModel
import Foundation

/// `churnguard import-model`: wraps a model trained elsewhere into a bundle ChurnGuard can serve.
struct ImportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-model",
        abstract: "Wrap an XGBoost JSON model trained elsewhere (Python, R, JVM) into a ChurnGuard model bundle.",
        discussion: """
            The model must be binary:logistic or reg:logistic, saved as JSON (booster.save_model("model.json")), \
            and read the columns the schema encodes to, in order: numeric and boolean features as one column \
            each, categorical features one-hot as `feature=category` columns. Without a calibrator the bundle \
            serves the model's own probabilities.

            Example:
              churnguard import-model --xgboost-json model.json --schema features.csv.schema.json --out imported-model
            """
    )

    @Option(name: .long, help: "XGBoost JSON model file.")
    var xgboostJSON: String

    @Option(name: .long, help: "Feature schema JSON (as `churnguard features` / `import` write beside a table).")
    var schema: String

    @Option(name: .long, help: "Bundle directory to write.")
    var out: String

    @Option(name: .long, help: "Bundle version (default: imported- + UTC time).")
    var version: String?

    @Flag(name: .long, help: "Replace an existing bundle at --out.")
    var force = false

    func run() throws {
        guard let modelData = FileManager.default.contents(atPath: xgboostJSON) else {
            throw ValidationError("cannot read --xgboost-json \(xgboostJSON)")
        }
        guard let schemaData = FileManager.default.contents(atPath: schema) else {
            throw ValidationError("cannot read --schema \(schema)")
        }
        let featureSchema: FeatureSchema
        do {
            featureSchema = try JSONDecoder().decode(FeatureSchema.self, from: schemaData)
        } catch {
            throw ValidationError("\(schema) is not a feature schema: \(error)")
        }
        if !force, FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(ModelBundle.manifestFile)) {
            throw ValidationError("\(out) already holds a model bundle; pass --force to replace it")
        }
        let stamp = ISO8601DateFormatter().string(from: Date()).filter { $0.isNumber }
        let manifest = BundleManifest(
            version: version ?? "imported-\(stamp.prefix(8))-\(stamp.dropFirst(8).prefix(6))", featureSchema: featureSchema,
            training: TrainingSummary(
                method: "imported", dataFingerprint: "", sourcePath: xgboostJSON, windowStart: nil, windowEnd: nil,
                validationDates: [], testDates: [], rows: [:], positives: [:], parameters: [:], bestIteration: 0,
                roundsRun: 0, xgboostVersion: ""))
        let bundle = try ModelBundle(manifest: manifest, modelJSON: modelData)
        try bundle.save(to: out)
        print("Wrote bundle \(bundle.version) to \(out): \(bundle.model.summary) over \(bundle.model.featureCount) columns (uncalibrated)")
    }
}
