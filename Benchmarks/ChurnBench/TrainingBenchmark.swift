import ArgumentParser
import ChurnTraining
import Foundation

/// `churn-bench training`: times ChurnGuard's training path (matrix build, boosting, per-round
/// evaluation, model export) on a synthetic matrix and writes the same matrix for the Python
/// reference (`Benchmarks/python/train_reference.py`), which times xgboost.train on it.
struct TrainingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Time ChurnGuard training on a synthetic matrix and write it for the Python reference.")

    @Option(help: "Training rows.") var rows = 500_000
    @Option(help: "Validation rows.") var validationRows = 100_000
    @Option(help: "Feature columns.") var features = 40
    @Option(help: "Boosting rounds (no early stopping).") var rounds = 300
    @Option(help: "Tree depth.") var depth = 6
    @Option(help: "libxgboost threads.") var threads = 2
    @Option(help: "Directory for the matrix files the Python reference reads.") var out = "Benchmarks/out/training"

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let train = Self.matrix(rows: rows, columns: features, seed: 1)
        let validation = Self.matrix(rows: validationRows, columns: features, seed: 2)
        try Self.write(train, to: "\(out)/train")
        try Self.write(validation, to: "\(out)/valid")
        let parameters = try TrainingParameters(overrides: [
            "num_boost_round=\(rounds)", "early_stopping_rounds=0", "max_depth=\(depth)", "nthread=\(threads)",
            "eta=0.1", "subsample=0.8", "colsample_bytree=0.8", "progress_interval=100000",
        ])
        let started = DispatchTime.now()
        let result = try XGBoostTrainer.train(train: train, validation: validation, parameters: parameters)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let summary: [String: Any] = [
            "rows": rows, "validation_rows": validationRows, "features": features, "rounds": result.roundsRun,
            "depth": depth, "threads": threads, "seconds": seconds, "validation_auc": result.history.last?.validation ?? .nan,
            "scale_pos_weight": result.boosterParameters["scale_pos_weight"] ?? "", "xgboost": linkedXGBoostVersion(),
        ]
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Churn-like data: a few informative columns (thresholds, interactions), noise, 5% missing.
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> LabelledMatrix {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var values = [Float](repeating: 0, count: rows * columns)
        var labels = [Float](repeating: 0, count: rows)
        for row in 0..<rows {
            for column in 0..<columns {
                values[row * columns + column] = uniform() < 0.05 ? .nan : Float(uniform() * 2 - 1)
            }
            func x(_ column: Int) -> Double {
                let value = Double(values[row * columns + column])
                return value.isNaN ? 0 : value
            }
            let logit = -1.5 + 2 * x(0) - 1.5 * x(1) + (x(2) > 0.3 ? 1.2 : 0) + 1.5 * x(3) * x(4) + 0.8 * sin(3 * x(5))
            labels[row] = uniform() < 1 / (1 + exp(-logit)) ? 1 : 0
        }
        let names = (0..<columns).map { "f\($0)" }
        // Safe: sizes agree by construction.
        return try! LabelledMatrix(featureNames: names, featureTypes: nil, values: values, labels: labels)
    }

    /// Raw little-endian float32 values (`PATH.values`) and labels (`PATH.labels`).
    static func write(_ matrix: LabelledMatrix, to path: String) throws {
        try matrix.values.withUnsafeBufferPointer { try Data(buffer: $0).write(to: URL(fileURLWithPath: path + ".values")) }
        try matrix.labels.withUnsafeBufferPointer { try Data(buffer: $0).write(to: URL(fileURLWithPath: path + ".labels")) }
    }
}
