import ArgumentParser
import ChurnTraining

/// Side-by-side benchmarks of ChurnGuard against libxgboost, run in one process so the ratios are fair.
@main
struct ChurnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churn-bench",
        abstract: "Benchmarks ChurnGuard against libxgboost \(linkedXGBoostVersion()) side by side.",
        subcommands: [ScoringBenchmark.self, TrainingBenchmark.self, DriftBenchmark.self, CipherBenchmark.self]
    )
}
