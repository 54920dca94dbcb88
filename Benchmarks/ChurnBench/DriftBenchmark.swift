import ArgumentParser
import ChurnModel
import ChurnMonitoring

/// `churn-bench drift`: feature drift of a large scoring day, the cost `churnguard monitor` pays
/// after parsing: rows × features against 5,000-value reference samples (normed Wasserstein for
/// numbers, Jensen–Shannon for categories, PSI and missing share beside), over the cores.
struct DriftBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Time dataset drift over ROWS current rows × FEATURES features (every fifth categorical).")

    @Option(help: "Current rows.") var rows = 1_000_000
    @Option(help: "Features.") var features = 50
    @Option(help: "Worker threads.") var workers = 2
    @Option(help: "Seed.") var seed: UInt64 = 1

    func run() throws {
        var generator = SplitMix64(seed: seed)
        var specs: [FeatureSpec] = [], references: [ReferenceDistribution] = [], columns: [CurrentColumn] = []
        let categories = ["a", "b", "c", "d", "e", "f"]
        for index in 0..<features {
            let name = "f\(index)"
            if index % 5 == 4 {
                specs.append(FeatureSpec(name: name, kind: .categorical, categories: categories))
                references.append(.categorical(feature: name, values: (0..<20_000).map { _ in categories[generator.next(below: 6)] }))
                columns.append(.categories((0..<rows).map { _ in categories[generator.next(below: index % 2 == 0 ? 6 : 5)] }))
            } else {
                specs.append(FeatureSpec(name: name, kind: .numeric))
                let shift = Double(index % 3) * 0.05
                references.append(.numeric(feature: name, values: (0..<20_000).map { _ in generator.nextUnit() + generator.nextUnit() },
                                           sampleSeed: UInt64(index)))
                columns.append(.numbers((0..<rows).map { _ in generator.nextUnit() + generator.nextUnit() + shift }))
            }
        }
        let schema = FeatureSchema(features: specs)
        let detector = DatasetDriftDetector(workers: workers)
        let run = timed { detector.measure(schema: schema, references: references, columns: columns) }
        var table = MarkdownTable("rows", "features", "workers", "drifted features", "seconds")
        table.add("\(rows)", "\(features)", "\(workers)", "\(run.value.driftedFeatures)", String(format: "%.2f", run.seconds))
        print(table.text)
    }
}
