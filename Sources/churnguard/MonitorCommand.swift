import ArgumentParser
import ChurnData
import ChurnMonitoring
import ChurnServices
import Foundation

/// `churnguard monitor`: drift and estimated performance of the production model on one scoring day.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Check one scoring day for feature, score and tier drift, estimate the model's performance, and store the run.",
        discussion: """
            Reads the production model's predictions of --as-of from the predictions log (score the day first: \
            churnguard score --as-of D) and compares the inputs the model saw with the references in its bundle.

            Per feature: KS (p < 0.05) or chi-square (p < 0.05) when the training data had at most 1,000 rows, \
            normed Wasserstein (>= 0.1) or Jensen–Shannon (>= 0.1) beyond; PSI beside it (warn 0.1, alert 0.2); \
            the share of missing values. The dataset drifts when at least half of its features do. \
            Performance is estimated from the calibrated probabilities (CBPE: ROC-AUC, precision and recall at \
            HIGH, expected churners); once the horizon has passed and ingested churn events cover it, the realized \
            metrics are shown too, with concept drift when ROC-AUC fell 0.03 or more below the model's test figure. \
            Every run is kept in the store (monitoring_runs); `serve` exports the latest as Prometheus gauges.

            Exit codes: 0, or 2 with --fail-on when the run's status (ok < warn < alert) reaches the level: \
            alert = dataset, score or concept drift; warn = any single feature, PSI band, missing share or tier mix.
            """
    )

    enum FailLevel: String, ExpressibleByArgument, CaseIterable {
        case warn, alert
    }

    @Option(name: .long, help: "The scoring day to monitor, YYYY-MM-DD (as scored by churnguard score).")
    var asOf: String

    @Flag(name: .long, help: "Print the report as JSON (dataset_drift, drift_share, features[{feature, method, value, threshold, status…}], score, tiers, expected, realized).")
    var json = false

    @Option(name: .long, help: "Exit with status 2 when the run reaches this level: warn or alert.")
    var failOn: FailLevel?

    @Option(name: .long, help: "Days after --as-of within which a churn counts for the realized metrics.")
    var horizon = 90

    @Option(name: .long, help: ArgumentHelp(
        "Use outcomes (churn events) only up to this day, YYYY-MM-DD, as if the loaded data ended there.",
        discussion: "For backtests: how the day looked N days after it was scored (outcome drift), on data loaded since."))
    var outcomesThrough: String?

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
    var home: String?

    @Option(name: .long, help: "Worker threads.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard asOf.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'")
        }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1 day") }
        if let outcomesThrough, CalendarDay(outcomesThrough)?.description != outcomesThrough {
            throw ValidationError("--outcomes-through must be a date YYYY-MM-DD, got '\(outcomesThrough)'")
        }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let report: MonitoringReport
        do {
            report = try await withStore(home: home) { store in
                var run = MonitoringRun(store: store, asOf: asOf, horizonDays: horizon, workers: workers)
                run.outcomesThrough = outcomesThrough.flatMap(CalendarDay.init)
                return try await run.run { StandardError.print("monitor: \($0)") }
            }
        } catch let error as MonitoringError {
            StandardError.print("error: \(error)")
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(MonitorReportText.render(report))
        }
        if let failOn, report.status >= (failOn == .warn ? DriftStatus.warn : .alert) {
            throw ExitCode(2)
        }
    }
}
