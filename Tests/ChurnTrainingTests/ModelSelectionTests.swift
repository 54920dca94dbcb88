import ChurnData
import ChurnModel
import Foundation
import Testing
@testable import ChurnTraining

/// The model search inside `train`: candidates, nesting, what the bundle records, and that the
/// bundle serves the winner (a logistic regression included).
@Suite struct ModelSelectionTests {
    static let linearSchema = FeatureSchema(features: (0..<8).map { FeatureSpec(name: "x\($0)", kind: .numeric) })

    /// Flat data whose log-odds are linear in eight smooth features: the logistic regression's home ground.
    static func writeLinearTable(rows: Int, seed: UInt64) throws -> String {
        var generator = SplitMix64(seed: seed)
        func normal() -> Double {
            (-2 * log(max(generator.nextUnit(), 1e-300))).squareRoot() * cos(2 * .pi * generator.nextUnit())
        }
        let weights = [1.2, -0.9, 0.8, 0.6, -0.5, 0.4, 0.3, -0.3]
        var table: [FeatureRow] = []
        for customer in 0..<rows {
            let x = (0..<8).map { _ in normal() }
            let logit = -1 + zip(weights, x).map(*).reduce(0, +)
            let churned = generator.nextUnit() < 1 / (1 + exp(-logit))
            table.append(FeatureRow(customerID: "c\(customer)", asOf: nil, label: churned, values: x.map { .number($0) }))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("features.csv").path
        try FeatureTable(schema: linearSchema, rows: table).write(to: path)
        return path
    }

    static func options(budget: Double, randomTrials: Int) throws -> ModelTrainingOptions {
        var options = ModelTrainingOptions()
        options.parameters = try TrainingParameters(overrides: ["nthread=2", "num_boost_round=120"])
        options.version = "selection-1"
        options.folds = 3
        options.budgetSeconds = budget
        options.randomTrials = randomTrials
        return options
    }

    @Test func onLinearDataTheBundleServesTheLogisticRegressionItChose() throws {
        let table = try EncodedFeatureTable.load(path: Self.writeLinearTable(rows: 600, seed: 5))
        var log: [String] = []
        let outcome = try ModelTrainingPipeline.run(table: table, options: Self.options(budget: 30, randomTrials: 2)) { log.append($0) }
        let manifest = outcome.bundle.manifest
        let selection = try #require(manifest.selection)
        #expect(selection.family == "logistic_regression")
        #expect(manifest.modelKind == .logisticRegression)
        #expect(selection.outerFoldWinners?.count == 3)
        // Every candidate family was tried and recorded with its scores.
        let families = Set(selection.trials.map(\.family))
        #expect(families == ["xgboost", "random_forest", "logistic_regression"])
        #expect((selection.marginOverRunnerUp ?? -1) >= 0)
        #expect(log.contains { $0.contains("search chose logistic-C") })

        // The shipped bundle scores like the model the pipeline fitted, reasons included.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selection-bundle-\(UUID().uuidString)").path
        try outcome.bundle.save(to: directory)
        let loaded = try ModelBundle.load(from: directory)
        guard case .linear(let linear) = loaded.model else {
            Issue.record("the bundle must hold the logistic regression")
            return
        }
        let rows = Array(0..<50)
        let matrix = table.rows(rows)
        let served = try loaded.model.probabilities(matrix: matrix, rowCount: rows.count)
        let refit = try CandidateTrainer.fitLogistic(table: table, rows: Array(0..<table.rowCount), c: linear.c)
        let expected = refit.predict(matrix: matrix, rowCount: rows.count)
        for (a, b) in zip(served, expected) { #expect(abs(Double(a) - b) < 1e-5) }
    }

    @Test func calibrationKeepsTheRankingAndThresholdsAreRecorded() throws {
        let path = try ModelTrainingPipelineTests.writeTable(rowsPerDate: 1_500, dates: [nil], seed: 9)
        let table = try EncodedFeatureTable.load(path: path)
        var options = try Self.options(budget: 20, randomTrials: 3)
        options.highThreshold = .f1
        let outcome = try ModelTrainingPipeline.run(table: table, options: options)
        let manifest = outcome.bundle.manifest
        let calibration = try #require(manifest.calibration)
        #expect(CalibrationChoice.methods.contains(calibration.method))
        #expect(Set(calibration.heldOutLogLoss.keys) == Set(CalibrationChoice.methods))
        #expect(calibration.calibratedAUC >= calibration.rawAUC - 0.002)
        #expect(calibration.calibratedECE < calibration.rawECE || calibration.calibratedECE < 0.05)
        let thresholds = try #require(manifest.thresholds)
        #expect(thresholds.highSource == "f1")
        #expect(manifest.tierThresholds.high == thresholds.f1Optimal)
        #expect(manifest.tierThresholds.medium < manifest.tierThresholds.high)
        #expect(thresholds.f1 > 0)
    }

    @Test func snapshotDataIsSearchedOnTheValidationSnapshotsAndTestedOnTheNewest() throws {
        let dates = (1...5).map { CalendarDay(year: 2025, month: $0, day: 1) }
        let path = try ModelTrainingPipelineTests.writeTable(rowsPerDate: 600, dates: dates, seed: 13)
        let table = try EncodedFeatureTable.load(path: path)
        var log: [String] = []
        let outcome = try ModelTrainingPipeline.run(table: table, options: Self.options(budget: 10, randomTrials: 2)) { log.append($0) }
        let manifest = outcome.bundle.manifest
        let selection = try #require(manifest.selection)
        #expect(selection.scoring == "validation-snapshot ROC-AUC")
        #expect(selection.outerFoldWinners == nil)
        #expect(outcome.evaluation.dataset == "test snapshots 2025-05-01")
        #expect(manifest.resolvedModelKind == (selection.family == "logistic_regression" ? .logisticRegression : .xgboost))
        // The winner's recorded validation score is the best of the finalists.
        let finalists = selection.trials.filter { $0.scores.count == 1 }
        #expect(finalists.allSatisfy { $0.score <= selection.trials.first { $0.name == selection.winner }!.score })
        #expect(outcome.evaluation.raw.rocAUC > 0.65)
        #expect(log.contains { $0.hasPrefix("search chose ") })
    }

    @Test func aShortBudgetFallsBackToTheDefaultsScoredOnEverySplit() throws {
        let table = try EncodedFeatureTable.load(path: Self.writeLinearTable(rows: 300, seed: 6))
        let rows = Array(0..<table.rowCount)
        let folds = try StratifiedKFold(folds: 3, seed: 1).split(labels: rows.map { table.labels[$0] == true })
        let splits = folds.map { ModelSearch.Split(train: $0.train, validation: $0.test) }
        var space = SearchSpace(base: try TrainingParameters(overrides: ["nthread=2", "num_boost_round=60"]), seed: 1)
        space.randomTrials = 5
        // A zero budget lets rung 1 take only the first candidate; a search whose last-rung fit is
        // shipped still scores it on every split.
        var search = ModelSearch(candidates: space.candidates(), splits: splits, rungs: [[0], [0, 1, 2]], budgetSeconds: 0, scoring: "test")
        search.lastRungShipsTheModel = true
        let outcome = try search.run(table: table)
        #expect(outcome.winner.name == "xgboost-default")
        #expect(outcome.trials.count == 1)
        #expect(outcome.trials[0].scores.count == 3)
        #expect(outcome.margin == nil)
    }

    @Test func theSearchSpaceIsSeeded() throws {
        let base = TrainingParameters()
        let first = SearchSpace(base: base, seed: 7).candidates()
        #expect(first == SearchSpace(base: base, seed: 7).candidates())
        #expect(first != SearchSpace(base: base, seed: 8).candidates())
        #expect(first[0].parameters == base)
        #expect(first.contains { $0.family == .randomForest && $0.parameters.additional["num_parallel_tree"] == "100" })
    }

    @Test func aRandomForestScoresTheSameInSwiftAsInLibxgboost() throws {
        let data = SyntheticChurn.matrix(rows: 800, seed: 12)
        var parameters = SearchSpace.randomForest(try TrainingParameters(overrides: ["nthread=2"]))
        parameters.additional["num_parallel_tree"] = "20"
        let result = try XGBoostTrainer.train(train: data, validation: data, parameters: parameters)
        let ensemble = try TreeEnsemble(xgboostJSON: result.modelJSON)
        #expect(ensemble.treeCount == 20)
        let swift = try ensemble.probabilities(matrix: data.values, rowCount: data.rowCount)
        let native = try result.makeBooster().predict(try SyntheticChurn.xgboostMatrix(data))
        for (a, b) in zip(swift, native) { #expect(abs(a - b) < 1e-5) }
        #expect(rocAUC(scores: swift, labels: data.labels) > 0.75)
    }
}
