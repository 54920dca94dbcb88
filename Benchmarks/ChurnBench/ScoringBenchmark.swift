import ArgumentParser
import ChurnModel
import ChurnTraining
import Foundation

/// `churn-bench scoring`: the pure-Swift scorer and TreeSHAP against libxgboost on one model it
/// trains here, in one process, one thread each, so the ratios compare like with like.
struct ScoringBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Batch scoring, single-row latency and TreeSHAP: Swift vs libxgboost (1 thread).")

    @Option(help: "Rows scored in the batch comparison.") var rows = 1_000_000
    @Option(help: "Boosting rounds (trees) of the benchmark model.") var trees = 300
    @Option(help: "max_depth of the benchmark model.") var depth = 6
    @Option(help: "Input columns.") var features = 40
    @Option(name: .customLong("repeat"), help: "Timed repetitions of each batch measurement; the fastest is reported.")
    var repetitions = 3
    @Option(help: "Rows the model is trained on.") var trainRows = 50_000
    @Option(help: "Single-row calls timed for latency percentiles.") var latencyCalls = 20_000
    @Option(help: "Rows explained in the TreeSHAP comparison.") var shapRows = 2_000
    @Option(help: "Seed of the synthetic data.") var seed: UInt64 = 7
    @Option(help: "XGBoost JSON model to benchmark: read if it exists, else trained and written there.")
    var model: String?

    func validate() throws {
        guard rows > 0, trees > 0, depth > 0, features > 0, repetitions > 0, trainRows > 1,
              latencyCalls > 0, shapRows > 0
        else { throw ValidationError("every count must be positive") }
    }

    func run() throws {
        let data = SyntheticScoringData(featureCount: features)
        let json = try loadOrTrainModel(data)
        let ensemble = try TreeEnsemble(xgboostJSON: json)
        let booster = try XGBoostBooster(json: json)
        // Set once, as a server would, rather than on every predict call.
        try booster.setParameter("nthread", "1")
        print("model: \(ensemble.treeCount) trees, max depth \(ensemble.maxDepth), \(ensemble.nodes.count) nodes, "
            + "\(features) features; libxgboost \(linkedXGBoostVersion())")

        var table = MarkdownTable("measurement", "Swift", "libxgboost", "Swift / libxgboost")
        let batch = try measureBatch(ensemble, booster, data)
        table.add(
            "batch, \(rows.formatted()) rows, 1 thread (rows/s)", batch.swift.formatted(), batch.xgboost.formatted(),
            ratio(batch.swift / batch.xgboost))
        let latency = try measureLatency(ensemble, booster, data)
        table.add(
            "single row p50 (µs)", micro(latency.swift.p50), micro(latency.xgboost.p50),
            ratio(Double(latency.xgboost.p50) / Double(latency.swift.p50)) + " faster")
        table.add(
            "single row p99 (µs)", micro(latency.swift.p99), micro(latency.xgboost.p99),
            ratio(Double(latency.xgboost.p99) / Double(latency.swift.p99)) + " faster")
        let shap = try measureSHAP(ensemble, booster, data)
        table.add(
            "TreeSHAP v1, \(shapRows.formatted()) rows, 1 thread (rows/s)", shap.swift.formatted(),
            shap.xgboost.formatted(), ratio(shap.swift / shap.xgboost))
        table.add(
            "Fast TreeSHAP v2, \(shapRows.formatted()) rows, 1 thread (rows/s)", shap.fast.formatted(),
            shap.xgboost.formatted(), ratio(shap.fast / shap.xgboost) + " (\(ratio(shap.fast / shap.swift)) v1)")
        table.add(
            "TreeSHAP µs/row: v1 / v2", micro(UInt64(1e9 / shap.swift)) + " / " + micro(UInt64(1e9 / shap.fast)),
            micro(UInt64(1e9 / shap.xgboost)), "")
        print()
        print(table.text)
        print()
        print(String(
            format: "max |diff|: probabilities %.3g (limit 1e-6), SHAP contributions v1 %.3g, Fast TreeSHAP v2 %.3g (vs libxgboost)",
            batch.maxDiff, shap.maxDiff, shap.fastMaxDiff))
        print("rows/s: rows / CPU seconds of the scoring thread, fastest of \(repetitions); latency (wall clock) over \(latencyCalls.formatted()) calls each, "
            + "libxgboost including the 1-row DMatrix creation")
        guard batch.maxDiff <= 1e-6 else {
            throw ValidationError("Swift probabilities differ from libxgboost by \(batch.maxDiff) > 1e-6")
        }
    }

    // MARK: Model

    private func loadOrTrainModel(_ data: SyntheticScoringData) throws -> Data {
        if let model, let saved = FileManager.default.contents(atPath: model) {
            print("model: read from \(model)")
            return saved
        }
        let json = try trainModel(data)
        if let model { try json.write(to: URL(fileURLWithPath: model)) }
        return json
    }

    private func trainModel(_ data: SyntheticScoringData) throws -> Data {
        let (values, labels) = data.labelled(rows: trainRows, seed: seed)
        let matrix = try XGBoostMatrix(values: values, rowCount: trainRows, columnCount: features, labels: labels)
        let booster = try XGBoostBooster(cache: [matrix])
        try booster.setParameters([
            "objective": "binary:logistic", "tree_method": "hist", "max_depth": String(depth), "eta": "0.1",
            "subsample": "0.8", "colsample_bytree": "0.8", "min_child_weight": "1", "nthread": "0",
            "seed": String(seed),
        ])
        let seconds = try timed {
            for round in 0..<trees { try booster.updateOneIteration(round, train: matrix) }
        }.seconds
        print(String(format: "trained %d trees of depth %d on %@ rows in %.1f s", trees, depth, trainRows.formatted(), seconds))
        return try booster.saveJSON()
    }

    // MARK: Measurements

    private func measureBatch(
        _ ensemble: TreeEnsemble, _ booster: XGBoostBooster, _ data: SyntheticScoringData
    ) throws -> (swift: Double, xgboost: Double, maxDiff: Double) {
        let values = data.features(rows: rows, seed: seed &+ 1)
        var swiftBest = Double.infinity, xgboostBest = Double.infinity
        var swiftWall = Double.infinity, xgboostWall = Double.infinity
        var swift: [Float] = [], reference: [Float] = []
        for _ in 0..<repetitions {
            let run = try timed { try ensemble.probabilities(matrix: values, rowCount: rows) }
            swiftBest = min(swiftBest, run.cpuSeconds)
            swiftWall = min(swiftWall, run.seconds)
            swift = run.value
            // A fresh DMatrix each time: libxgboost caches predictions per DMatrix.
            let matrix = try XGBoostMatrix(values: values, rowCount: rows, columnCount: features)
            let xgboost = try timed { try booster.predict(matrix) }
            xgboostBest = min(xgboostBest, xgboost.cpuSeconds)
            xgboostWall = min(xgboostWall, xgboost.seconds)
            reference = xgboost.value
        }
        var worst: Float = 0
        for index in reference.indices { worst = max(worst, abs(reference[index] - swift[index])) }
        print(String(
            format: "batch: Swift %.3f s CPU (%.3f s wall), libxgboost %.3f s CPU (%.3f s wall)",
            swiftBest, swiftWall, xgboostBest, xgboostWall))
        return (Double(rows) / swiftBest, Double(rows) / xgboostBest, Double(worst))
    }

    private func measureLatency(
        _ ensemble: TreeEnsemble, _ booster: XGBoostBooster, _ data: SyntheticScoringData
    ) throws -> (swift: (p50: UInt64, p99: UInt64), xgboost: (p50: UInt64, p99: UInt64)) {
        let distinct = 1_000
        let values = data.features(rows: distinct, seed: seed &+ 2)
        let rowArrays = (0..<distinct).map { Array(values[($0 * features)..<(($0 + 1) * features)]) }
        var swiftSamples = [UInt64](repeating: 0, count: latencyCalls)
        var xgboostSamples = [UInt64](repeating: 0, count: latencyCalls)
        let warmUp = 200
        var swiftSum: Float = 0, xgboostSum: Float = 0
        for call in 0..<(latencyCalls + warmUp) {
            let row = rowArrays[call % distinct]
            let start = monotonicNanoseconds()
            let probability = try ensemble.probability(row: row)
            let elapsed = monotonicNanoseconds() - start
            if call >= warmUp { swiftSamples[call - warmUp] = elapsed; swiftSum += probability }
        }
        for call in 0..<(latencyCalls + warmUp) {
            let row = rowArrays[call % distinct]
            let start = monotonicNanoseconds()
            let matrix = try XGBoostMatrix(values: row, rowCount: 1, columnCount: features, threads: 1)
            let probability = try booster.predict(matrix)[0]
            let elapsed = monotonicNanoseconds() - start
            if call >= warmUp { xgboostSamples[call - warmUp] = elapsed; xgboostSum += probability }
        }
        // Both sides scored the same rows in the same order; printing the sums keeps the work alive.
        print(String(format: "latency: sum of probabilities Swift %.6g, libxgboost %.6g", swiftSum, xgboostSum))
        return (
            (percentile(swiftSamples, 0.5), percentile(swiftSamples, 0.99)),
            (percentile(xgboostSamples, 0.5), percentile(xgboostSamples, 0.99)))
    }

    private func measureSHAP(
        _ ensemble: TreeEnsemble, _ booster: XGBoostBooster, _ data: SyntheticScoringData
    ) throws -> (swift: Double, fast: Double, xgboost: Double, maxDiff: Double, fastMaxDiff: Double) {
        let values = data.features(rows: shapRows, seed: seed &+ 3)
        let explainer = TreeSHAP(ensemble: ensemble)
        let tablesStarted = Date()
        let fastExplainer = FastTreeSHAP(ensemble: ensemble)
        print(String(
            format: "Fast TreeSHAP v2: tables for %d of %d trees, %.1f MiB, built in %.3f s",
            fastExplainer.treesWithTables, ensemble.treeCount, Double(fastExplainer.tableBytes) / 1_048_576,
            Date().timeIntervalSince(tablesStarted)))
        var swiftBest = Double.infinity, fastBest = Double.infinity, xgboostBest = Double.infinity
        var swiftWall = Double.infinity, fastWall = Double.infinity, xgboostWall = Double.infinity
        var swift: [Float] = [], fast: [Float] = [], reference: [[Float]] = []
        for _ in 0..<repetitions {
            let run = try timed { try explainer.contributions(matrix: values, rowCount: shapRows) }
            swiftBest = min(swiftBest, run.cpuSeconds)
            swiftWall = min(swiftWall, run.seconds)
            swift = run.value
            let fastRun = try timed { try fastExplainer.contributions(matrix: values, rowCount: shapRows) }
            fastBest = min(fastBest, fastRun.cpuSeconds)
            fastWall = min(fastWall, fastRun.seconds)
            fast = fastRun.value
            let matrix = try XGBoostMatrix(values: values, rowCount: shapRows, columnCount: features)
            let xgboost = try timed { try booster.predictContributions(matrix) }
            xgboostBest = min(xgboostBest, xgboost.cpuSeconds)
            xgboostWall = min(xgboostWall, xgboost.seconds)
            reference = xgboost.value
        }
        var worst: Float = 0, fastWorst: Float = 0
        for row in reference.indices {
            for column in reference[row].indices {
                worst = max(worst, abs(reference[row][column] - swift[row * explainer.width + column]))
                fastWorst = max(fastWorst, abs(reference[row][column] - fast[row * explainer.width + column]))
            }
        }
        print(String(
            format: "TreeSHAP: Swift v1 %.3f s CPU (%.3f s wall), Fast v2 %.3f s CPU (%.3f s wall), libxgboost %.3f s CPU (%.3f s wall)",
            swiftBest, swiftWall, fastBest, fastWall, xgboostBest, xgboostWall))
        return (
            Double(shapRows) / swiftBest, Double(shapRows) / fastBest, Double(shapRows) / xgboostBest,
            Double(worst), Double(fastWorst))
    }

    private func micro(_ nanoseconds: UInt64) -> String { String(format: "%.1f", Double(nanoseconds) / 1_000) }
    private func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
}

extension Double {
    func formatted() -> String { Int(self.rounded()).formatted() }
}

extension Int {
    /// Thousands separated by commas, independent of the locale.
    func formatted() -> String {
        let digits = String(self.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (self < 0 ? "-" : "") + grouped
    }
}
