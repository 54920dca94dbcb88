import ArgumentParser
import ChurnData
import Foundation

/// `churnguard generate`: writes a synthetic customer-activity data set (docs/DATA.md raw tables).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic data set: the six raw tables of docs/DATA.md plus manifest.json.",
        discussion: """
            Each customer has a hidden health that drifts day by day and is knocked by crashes, bad support \
            experiences, failed payments and price rises; it drives their engagement, tickets and payment \
            failures, and the daily risk that they leave. Churn is never copied into a column: a model has \
            to learn it from the activity, as with a real business's data.

            Some customers signed up before --start, others sign up during the window; only what happens \
            inside [start, start + months) is written. The same options and --seed always give the same bytes.

            Examples:
              churnguard generate --customers 20000 --months 12 --seed 7 --out demo/raw
              churnguard generate --customers 5000 --months 18 --drift --out drift/raw
              churnguard features --data demo/raw --as-of monthly --horizon 90d --out demo/features.csv
            """
    )

    @Option(name: .long, help: "Number of customers (rows of customers.csv), at least 1.")
    var customers: Int

    @Option(name: .long, help: "Length of the simulated window in months, 1 to \(GeneratorConfig.maximumMonths).")
    var months: Int = 12

    @Option(name: .long, help: "Random seed; the same seed gives byte-identical output.")
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("Directory to write; created if missing, must be empty unless --force.", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Add a competitor launch about two thirds into the window (see drift_effects in manifest.json).")
    var drift = false

    @Option(name: .long, help: ArgumentHelp("First day of the window.", valueName: "YYYY-MM-DD"))
    var start: String = GeneratorConfig.defaultStart.description

    @Flag(name: .long, help: "Write into a non-empty --out, replacing the generated files there.")
    var force = false

    @Option(name: .long, help: "Worker threads (the output does not depend on it).")
    var workers: Int = 2

    func validate() throws {
        guard customers >= 1 else { throw ValidationError(GeneratorError.customers(customers).description) }
        guard (1...GeneratorConfig.maximumMonths).contains(months) else {
            throw ValidationError(GeneratorError.months(months).description)
        }
        guard start.count == 10, CalendarDay(start) != nil else {
            throw ValidationError("--start: '\(start)' is not a date; expected YYYY-MM-DD (for example 2025-01-01)")
        }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1 (got \(workers))") }
        // Checked again when writing; here so that a wrong --out fails before anything is simulated.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError(GeneratorError.outputIsFile(out).description) }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            if !contents.isEmpty, !force { throw ValidationError(GeneratorError.outputNotEmpty(out).description) }
        }
    }

    func run() throws {
        let started = Date()
        let config = GeneratorConfig(
            customers: customers, months: months, seed: seed, drift: drift, start: CalendarDay(start)!, workers: workers)
        StandardError.print("generating \(customers) customers × \(months) months (\(config.start) to \(config.end), seed \(seed)\(drift ? ", drift from \(config.driftStart!)" : "")) into \(out)")
        var nextReport = 10
        let manifest: GeneratorManifest
        do {
            manifest = try SyntheticDataGenerator(config: config).write(to: out, force: force) { done, total in
                let percent = done * 100 / total
                guard percent >= nextReport, total >= 1000 else { return }
                nextReport = percent / 10 * 10 + 10
                StandardError.print(String(format: "generate: %3d%% (%d/%d customers, %.1fs)", percent, done, total, Date().timeIntervalSince(started)))
            }
        } catch let error as GeneratorError {
            throw ValidationError(error.description)
        }
        let counts = CustomerTables.fileNames.map { "\($0) \(manifest.rowCounts[$0] ?? 0)" }.joined(separator: ", ")
        let rate = 100 * Double(manifest.churnedCustomers) / Double(max(1, manifest.customers))
        print("""
            wrote \(out): \(counts)
            \(manifest.churnedCustomers) customers churned in the window (\(String(format: "%.1f", rate))%)\(drift ? "; competitor launch from \(manifest.driftStart ?? "")" : "")
            took \(String(format: "%.1f", Date().timeIntervalSince(started)))s
            """)
    }
}
