import ArgumentParser
import ChurnModel
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard score`: the batch scoring job over the online feature store.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every customer in the online store for a date with the production model (and shadow/canary), with reasons.",
        discussion: """
            Predictions go to the predictions log exactly once per (customer, as_of, model, role): running again \
            adds nothing, and a run killed midway resumes after the last committed page.
            """
    )

    @Option(name: .long, help: "The snapshot date to score, YYYY-MM-DD (as ingested).")
    var asOf: String

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    @Option(name: .long, help: "Customers per page (one transaction each).")
    var page: Int = 5_000

    @Option(name: .long, help: "Worker threads.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Log scores and tiers without TreeSHAP reasons (much faster; the online API still explains).")
    var noReasons = false

    @Flag(name: .long, help: "Join a coordinated run: several processes (on one machine or many sharing PostgreSQL) split the work in leased chunks.")
    var coordinated = false

    @Option(name: .long, help: "With --coordinated: customers per chunk.")
    var chunk = 2_000

    @Option(name: .long, help: "With --coordinated: seconds a claimed chunk stays leased; a dead worker's chunks are taken over after it.")
    var lease: Double = 60

    func validate() throws {
        guard asOf.count == 10, asOf.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'")
        }
        guard page >= 1 else { throw ValidationError("--page must be at least 1") }
        guard chunk >= 1 else { throw ValidationError("--chunk must be at least 1") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
    }

    func run() async throws {
        do {
            let report = try await withStore(home: home) { store in
                coordinated
                    ? Self.render(try await scoreCoordinated(store: store), asOf: asOf)
                    : Self.render(try await score(store: store))
            }
            print(report)
        } catch let error as BatchScoringError {
            StandardError.print("error: \(error)")
            throw ExitCode.failure
        }
    }

    private func score(store: ChurnStore) async throws -> BatchScoringSummary {
        let models = try await ServingSet.load(from: store.modelRegistry)
        var roles = "production \(models.production.bundle.version)"
        if let shadow = models.shadow { roles += ", shadow \(shadow.bundle.version)" }
        if let canary = models.canary, let share = models.canaryAssignment?.share {
            roles += ", canary \(canary.bundle.version) (\(String(format: "%.0f", share * 100))% of customers)"
        }
        StandardError.print("scoring as of \(asOf) with \(roles)")
        let run = BatchScoringRun(store: store, models: models, asOf: asOf, pageSize: page, workers: workers, reasons: !noReasons)
        let lastReport = ProgressThrottle()
        let crashAfterPages = Failpoint.count(named: "score-crash-after-pages")
        let committedPages = EventCounter()
        return try await run.run { progress in
            if let crashAfterPages, committedPages.increment() == crashAfterPages {
                Failpoint.die("after \(crashAfterPages) committed pages, through \(progress.lastCustomerID)")
            }
            guard lastReport.due(final: false) else { return }
            let rate = progress.seconds > 0 ? Int(Double(progress.customers) / progress.seconds) : 0
            StandardError.print("score: \(progress.customers) customers (of \(progress.storedCustomers) stored), \(rate) customers/s, committed through \(progress.lastCustomerID)")
        }
    }

    private func scoreCoordinated(store: ChurnStore) async throws -> CoordinatedScoringWorker.Summary {
        let models = try await ServingSet.load(from: store.modelRegistry)
        let worker = CoordinatedScoringWorker(store: store, models: models, asOf: asOf, chunkSize: chunk, lease: lease,
                                              workers: workers, reasons: !noReasons)
        StandardError.print("score: worker \(worker.owner) joining the coordinated run as of \(asOf) with \(models.production.bundle.version)")
        let lastReport = ProgressThrottle()
        let crashAfterClaims = Failpoint.count(named: "score-crash-after-claims")
        let claimedCount = EventCounter()
        return try await worker.run(claimed: { chunk in
            let takeover = chunk.claims > 1 ? " (taken over from a worker whose lease expired)" : ""
            StandardError.print("score: claimed chunk \(chunk.number) (\(chunk.firstCustomerID) … \(chunk.lastCustomerID))\(takeover)")
            if let crashAfterClaims, claimedCount.increment() == crashAfterClaims {
                Failpoint.die("with the lease of chunk \(chunk.number)")
            }
        }) { state in
            guard lastReport.due(final: false) else { return }
            StandardError.print("score: \(state.done)/\(state.chunks) chunks done, \(state.leased) leased, \(state.scored) predictions logged")
        }
    }

    static func render(_ summary: CoordinatedScoringWorker.Summary, asOf: String) -> String {
        let tiers = RiskLevel.allCases.reversed().map { "\($0.rawValue) \(summary.tiers[$0] ?? 0)" }.joined(separator: ", ")
        return [
            "worker scored \(summary.customers) customers as of \(asOf) in \(summary.chunks) of \(summary.totalChunks) chunks in \(String(format: "%.1f", summary.seconds))s",
            "tiers: \(tiers)",
            "predictions: \(summary.newPredictions) new, \(summary.alreadyLogged) already logged",
            "run: every chunk done",
        ].joined(separator: "\n")
    }

    static func render(_ summary: BatchScoringSummary) -> String {
        let tiers = RiskLevel.allCases.reversed().map { "\($0.rawValue) \(summary.tiers[$0] ?? 0)" }.joined(separator: ", ")
        var lines = [
            "scored \(summary.customers) customers as of \(summary.asOf) with \(summary.modelVersion)\(summary.resumed ? " (resumed an interrupted run)" : "") in \(String(format: "%.1f", summary.seconds))s (\(Int(summary.customersPerSecond)) customers/s)",
            "tiers: \(tiers)",
            "predictions: \(summary.newPredictions) new, \(summary.alreadyLogged) already logged",
        ]
        if summary.servedByCanary > 0 || summary.shadowPredictions > 0 {
            lines.append("served by canary: \(summary.servedByCanary); shadow predictions: \(summary.shadowPredictions)")
        }
        if summary.skippedOtherDates > 0 {
            lines.append("skipped: \(summary.skippedOtherDates) online-store snapshots of other dates")
        }
        lines.append("run: \(summary.runID.uuidString.lowercased())")
        return lines.joined(separator: "\n")
    }
}
