import Foundation
import Testing

/// import → train → evaluate → predict → import-model through the real executable, on the
/// telecom sample, plus the errors a user sees for bad input.
@Suite(.serialized) struct ModelCommandsTests {
    let directory: URL
    let features: String
    let bundle: String

    init() async throws {
        directory = try CLIProcess.temporaryDirectory()
        features = directory.appendingPathComponent("telco.csv").path
        bundle = directory.appendingPathComponent("model").path
        let sample = CLIProcess.repositoryRoot.appendingPathComponent("Samples/telco_sample.csv").path
        let imported = try await CLIProcess.run(["import", "--csv", sample, "--target", "Churn", "--out", features])
        guard imported.status == 0 else { throw CLIError(imported.standardError) }
        let trained = try await CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", bundle, "--folds", "3", "--version", "cli-test", "--param", "nthread=2"])
        guard trained.status == 0 else { throw CLIError(trained.standardError) }
    }

    struct CLIError: Error { let message: String; init(_ message: String) { self.message = message } }

    @Test func trainWritesALoadableBundleAndReportsBaselines() async throws {
        #expect(FileManager.default.fileExists(atPath: bundle + "/model.json"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bundle + "/manifest.json"))) as? [String: Any]
        #expect(manifest?["version"] as? String == "cli-test")
        let evaluation = manifest?["evaluation"] as? [String: Any]
        #expect((evaluation?["foldAUCs"] as? [Double])?.count == 3)
        // A second train to the same place is refused without --force.
        let again = try await CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", bundle])
        #expect(again.status != 0)
        #expect(again.standardError.contains("--force"))
    }

    @Test func trainSearchesWithinItsBudgetAndSaysWhichModelWon() async throws {
        let searched = directory.appendingPathComponent("searched").path
        let run = try await CLIProcess.run([
            "train", "--features", features, "--out", searched, "--folds", "3", "--budget", "4", "--high-threshold", "auto",
            "--param", "nthread=2",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("Model search (seed 42, budget 4 s"))
        #expect(run.standardOutput.contains("winner: "))
        #expect(run.standardOutput.contains("Calibration: "))
        #expect(run.standardOutput.contains("Thresholds: F1-optimal"))
        // What the search spent against the budget, refits included.
        #expect(run.standardError.contains("search budget: spent "))
        #expect(run.standardError.contains(" of 4 s ("))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: searched + "/manifest.json"))) as? [String: Any]
        let selection = manifest?["selection"] as? [String: Any]
        #expect(((selection?["trials"] as? [Any])?.count ?? 0) >= 1)
        #expect((selection?["outerFoldWinners"] as? [String])?.count == 3)
        #expect((manifest?["thresholds"] as? [String: Any])?["highSource"] as? String == "f1")
        // A bundle that loads serves: score it straight away.
        let evaluated = try await CLIProcess.run(["evaluate", "--bundle", searched, "--features", features])
        #expect(evaluated.status == 0, "\(evaluated.standardError)")

        let bad = try await CLIProcess.run(["train", "--features", features, "--out", searched + "-bad", "--high-threshold", "often"])
        #expect(bad.status != 0)
        #expect(bad.standardError.contains("--high-threshold"))
    }

    @Test func evaluatePrintsTableAndJSON() async throws {
        let table = try await CLIProcess.run(["evaluate", "--bundle", bundle, "--features", features])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("ROC-AUC"))
        #expect(table.standardOutput.contains("calibration error (ECE)"))
        #expect(table.standardError.contains("optimistic"))
        let json = try await CLIProcess.run(["evaluate", "--bundle", bundle, "--features", features, "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let evaluation = object?["evaluation"] as? [String: Any]
        let calibrated = evaluation?["calibrated"] as? [String: Any]
        let auc = try #require(calibrated?["rocAUC"] as? Double)
        #expect(auc > 0.5 && auc <= 1)
        #expect((object?["featureImportance"] as? [Any])?.isEmpty == false)
    }

    @Test func predictWritesOneRowPerCustomerWithReasons() async throws {
        let out = directory.appendingPathComponent("scores.csv").path
        let result = try await CLIProcess.run(["predict", "--bundle", bundle, "--input", features, "--out", out, "--reasons", "3"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "customer_id,as_of,raw_probability,churn_probability,churn_risk_level,action_code,top_churn_feature,reasons")
        #expect(lines.count == 181)
        let first = lines[1].split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
        let probability = try #require(Double(first[3]))
        #expect((0...1).contains(probability))
        #expect(["LOW", "MEDIUM", "HIGH"].contains(first[4]))
        #expect(first[5] == "ACTION-" + first[4])
        #expect(first[7].contains("contribution"))
        #expect(!FileManager.default.fileExists(atPath: out + ".partial-\(0)"))
    }

    @Test func importModelWrapsAnXGBoostModel() async throws {
        let out = directory.appendingPathComponent("imported").path
        let result = try await CLIProcess.run([
            "import-model", "--xgboost-json", bundle + "/model.json", "--schema", features + ".schema.json", "--out", out,
            "--version", "imported-1",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let scores = directory.appendingPathComponent("imported-scores.csv").path
        let scored = try await CLIProcess.run(["predict", "--bundle", out, "--input", features, "--out", scores])
        #expect(scored.status == 0)
        // A schema that does not fit the model is refused with the reason.
        let wrongSchema = directory.appendingPathComponent("wrong.schema.json").path
        try Data(#"{"features":[{"name":"tenure","kind":"numeric","required":false}]}"#.utf8).write(to: URL(fileURLWithPath: wrongSchema))
        let refused = try await CLIProcess.run(["import-model", "--xgboost-json", bundle + "/model.json", "--schema", wrongSchema, "--out", out + "2"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("columns"))
    }

    @Test func badInputGetsClearErrors() async throws {
        let missing = try await CLIProcess.run(["evaluate", "--bundle", directory.appendingPathComponent("nope").path, "--features", features])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("manifest.json"))
        let badDate = try await CLIProcess.run(["predict", "--bundle", bundle, "--input", features, "--out", "/dev/null", "--as-of", "June"])
        #expect(badDate.status != 0)
        #expect(badDate.standardError.contains("--as-of"))
        let badParam = try await CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", directory.appendingPathComponent("m2").path, "--param", "max_depth=deep"])
        #expect(badParam.status != 0)
        #expect(badParam.standardError.contains("max_depth"))
        let flatLatest = try await CLIProcess.run(["predict", "--bundle", bundle, "--input", features, "--out", "/dev/null", "--as-of", "latest"])
        #expect(flatLatest.status != 0)
        #expect(flatLatest.standardError.contains("flat"))
    }
}
