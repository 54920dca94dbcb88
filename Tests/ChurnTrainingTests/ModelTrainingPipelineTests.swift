import ChurnData
import ChurnModel
import Foundation
import Testing
@testable import ChurnTraining

/// End to end through the training pipeline on feature tables written to disk: time split for
/// snapshot data, cross-validation for flat data, bundle round trip, batch and single scoring.
@Suite struct ModelTrainingPipelineTests {
    static let schema = FeatureSchema(features: [
        FeatureSpec(name: "active_days_ratio_30_vs_60", kind: .numeric),
        FeatureSpec(name: "support_ticket_volume_30d", kind: .numeric),
        FeatureSpec(name: "contract_days_remaining", kind: .numeric),
        FeatureSpec(name: "plan", kind: .categorical, categories: ["basic", "premium"]),
        FeatureSpec(name: "autopay", kind: .boolean),
        FeatureSpec(name: "noise", kind: .numeric),
    ])

    /// Writes a table where churn depends on engagement decline, tickets and plan; `dates` snapshot
    /// dates (nil = flat), the newest `unlabelled` dates without labels.
    static func writeTable(rowsPerDate: Int, dates: [CalendarDay?], unlabelled: Int = 0, seed: UInt64) throws -> String {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { generator.nextUnit() }
        var rows: [FeatureRow] = []
        for (dateIndex, date) in dates.enumerated() {
            for customer in 0..<rowsPerDate {
                let ratio = uniform() * 1.5, tickets = Double(Int(uniform() * 6)), contract = uniform() * 365
                let premium = uniform() < 0.4
                let logit = -2.2 + 2.5 * max(0, 0.8 - ratio) * 2 + 0.45 * tickets - (premium ? 0.8 : 0) + (contract < 45 ? 0.9 : 0)
                let churned = uniform() < 1 / (1 + exp(-logit))
                let labelled = dateIndex < dates.count - unlabelled
                rows.append(FeatureRow(
                    customerID: "c\(customer)", asOf: date, label: labelled ? churned : nil,
                    values: [
                        uniform() < 0.03 ? .missing : .number(ratio), .number(tickets), .number(contract.rounded()),
                        .category(premium ? "premium" : "basic"), .boolean(uniform() < 0.5), .number(uniform()),
                    ]))
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("features.csv").path
        try FeatureTable(schema: schema, rows: rows).write(to: path)
        return path
    }

    static func options() throws -> ModelTrainingOptions {
        var options = ModelTrainingOptions()
        options.parameters = try TrainingParameters(overrides: ["nthread=2", "max_depth=3", "num_boost_round=150", "eta=0.1"])
        options.version = "test-1"
        return options
    }

    @Test func snapshotDataIsSplitByTimeAndBeatsTheRule() throws {
        let dates = (1...6).map { CalendarDay(year: 2025, month: $0, day: 1) }
        let path = try Self.writeTable(rowsPerDate: 2_000, dates: dates, unlabelled: 1, seed: 21)
        let table = try EncodedFeatureTable.load(path: path)
        var log: [String] = []
        let outcome = try ModelTrainingPipeline.run(table: table, options: Self.options()) { log.append($0) }
        let training = try #require(outcome.bundle.manifest.training)

        #expect(training.method == "time-split")
        // Newest labelled date tests, the one before validates, the rest train; the unlabelled date is left out.
        #expect(training.testDates == ["2025-05-01"])
        #expect(training.validationDates == ["2025-04-01"])
        #expect(training.windowStart == "2025-01-01" && training.windowEnd == "2025-03-01")
        #expect(training.rows == ["train": 6_000, "validation": 2_000, "test": 2_000])
        #expect(outcome.evaluation.rows == 2_000)
        #expect(log.contains { $0.hasPrefix("round ") })

        let evaluation = outcome.evaluation
        #expect(evaluation.calibrated.rocAUC > 0.7)
        let rule = try #require(evaluation.baselines.first { $0.name == "rule" })
        let logistic = try #require(evaluation.baselines.first { $0.name == "logistic_regression" })
        #expect(evaluation.calibrated.rocAUC > rule.report.rocAUC)
        #expect(evaluation.calibrated.rocAUC > logistic.report.rocAUC - 0.02)
        // scale_pos_weight inflates raw probabilities; the calibrator, fitted on validation, repairs that on test.
        #expect(evaluation.calibrated.expectedCalibrationError < evaluation.raw.expectedCalibrationError)
        #expect(evaluation.calibrated.expectedCalibrationError < 0.05)
        #expect(outcome.bundle.manifest.featureImportance.first?.feature != "noise")
        #expect(outcome.bundle.manifest.referenceDistributions.count == Self.schema.features.count)
        // Numeric references carry a bounded sample of training values for KS and Wasserstein; categorical ones do not.
        for (reference, feature) in zip(outcome.bundle.manifest.referenceDistributions, Self.schema.features) {
            if feature.kind == .categorical {
                #expect(reference.sample == nil)
            } else {
                let sample = try #require(reference.sample, "\(feature.name) has no reference sample")
                let present = Int((Double(6_000) * (1 - reference.missingShare)).rounded())
                #expect(sample.count == min(present, ReferenceDistribution.maximumSampleSize))
                #expect(!sample.contains { $0.isNaN })
            }
        }
        #expect(outcome.bundle.manifest.scoreDistribution?.sample?.count == 2_000)
    }

    @Test func bundleRoundTripsAndScoresLikeTheEnsemble() throws {
        let dates = (1...4).map { CalendarDay(year: 2025, month: $0, day: 1) }
        let path = try Self.writeTable(rowsPerDate: 1_500, dates: dates, seed: 8)
        let table = try EncodedFeatureTable.load(path: path, keepRawValues: true)
        let outcome = try ModelTrainingPipeline.run(table: table, options: Self.options())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)").path
        try outcome.bundle.save(to: directory)
        let loaded = try ModelBundle.load(from: directory)
        #expect(loaded.version == "test-1")
        #expect(loaded.modelJSON == outcome.bundle.modelJSON)
        #expect(loaded.manifest.calibrator == outcome.bundle.manifest.calibrator)
        #expect(loaded.manifest.featureSchema == Self.schema)

        // XGBoost's JSON carries the encoded column names and types, so other XGBoosts can use it as is.
        let object = try JSONSerialization.jsonObject(with: loaded.modelJSON) as? [String: Any]
        let learner = object?["learner"] as? [String: Any]
        #expect((learner?["feature_names"] as? [String]) == FeatureEncoder(schema: Self.schema).columnNames)

        var predictor = ChurnPredictor(bundle: loaded)
        predictor.reasonCount = 3
        let values = try #require(table.rawValues)
        let sample = Array(0..<300)
        let batch = predictor.predictBatch(customerIDs: sample.map { table.customerIDs[$0] }, values: sample.map { values[$0] }, workers: 2)
        let raw = try loaded.model.probabilities(matrix: table.rows(sample), rowCount: sample.count)
        for (position, row) in sample.enumerated() {
            let single = predictor.predict(customerID: table.customerIDs[row], values: values[row])
            #expect(batch[position] == single)
            #expect(batch[position].rawProbability == Double(raw[position]))
            #expect(batch[position].reasons.count <= 3)
            #expect(batch[position].churnProbability == loaded.manifest.calibrator?.calibrate(Double(raw[position])))
        }
        // Fast TreeSHAP on the encoder's one-hot columns agrees with the v1 walk on this real model.
        let matrix = table.rows(sample)
        let fast = try FastTreeSHAP(ensemble: try #require(loaded.ensemble)).contributions(matrix: matrix, rowCount: sample.count)
        let v1 = try TreeSHAP(ensemble: try #require(loaded.ensemble)).contributions(matrix: matrix, rowCount: sample.count)
        #expect(zip(fast, v1).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        // Reasons are ordered by contribution and the top feature is the first reason.
        for prediction in batch {
            #expect(prediction.topChurnFeature == prediction.reasons.first?.feature ?? "")
            #expect(zip(prediction.reasons, prediction.reasons.dropFirst()).allSatisfy { $0.contribution >= $1.contribution })
        }
    }

    @Test func flatDataIsCrossValidatedWithHonestCalibration() throws {
        let path = try Self.writeTable(rowsPerDate: 3_000, dates: [nil], seed: 4)
        let table = try EncodedFeatureTable.load(path: path)
        var options = try Self.options()
        options.folds = 4
        let outcome = try ModelTrainingPipeline.run(table: table, options: options)
        let evaluation = outcome.evaluation
        #expect(outcome.bundle.manifest.training?.method == "stratified-k-fold")
        #expect(evaluation.foldAUCs?.count == 4)
        #expect(evaluation.rows == 3_000)
        // Cross-fitted calibration is not perfect in-sample calibration (which would give ECE 0).
        #expect(evaluation.calibrated.expectedCalibrationError > 0)
        #expect(evaluation.calibrated.expectedCalibrationError < 0.06)
        #expect(evaluation.raw.rocAUC > 0.7)
        #expect(evaluation.baselines.contains { $0.name == "logistic_regression" })
    }

    @Test func evaluatorUsesOnlyRowsAfterTheTrainingWindow() throws {
        let dates = (1...5).map { CalendarDay(year: 2025, month: $0, day: 1) }
        let path = try Self.writeTable(rowsPerDate: 1_000, dates: dates, seed: 2)
        let table = try EncodedFeatureTable.load(path: path)
        let outcome = try ModelTrainingPipeline.run(table: table, options: Self.options())
        let unseen = try BundleEvaluator.evaluate(bundle: outcome.bundle, table: table)
        #expect(unseen.rows == 1_000)
        #expect(abs(unseen.calibrated.rocAUC - outcome.evaluation.calibrated.rocAUC) < 1e-9)
        let all = try BundleEvaluator.evaluate(bundle: outcome.bundle, table: table, selection: .all)
        #expect(all.rows == 5_000)
        let late = CalendarDay(year: 2026, month: 1, day: 1).daysSinceEpoch
        #expect(throws: BundleEvaluationError.self) {
            try BundleEvaluator.evaluate(bundle: outcome.bundle, table: table, selection: .from(day: late))
        }
    }
}
