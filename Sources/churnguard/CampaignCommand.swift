import ArgumentParser
import ChurnData
import ChurnDecisions
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard campaign …`: retention campaigns from scores to action plan and outcomes.
struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Plan retention campaigns from the latest scores, export action plans, record outcomes, report results.",
        discussion: """
            A campaign reads the scores logged for a snapshot date (`churnguard score`), the customers' online features and \
            their offer history, runs the program's filter chain, values each customer, picks the offer with the best \
            expected value (Thompson sampling over what earlier outcomes taught), routes it, holds out a control group, \
            and stores the candidates with their time to live. Outcomes fed back (`campaign outcomes`, or the API) drive \
            offer learning and the reports.
            """,
        subcommands: [Run.self, Schedule.self, List.self, Show.self, Outcomes.self, SimulateOutcomes.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a campaign for a snapshot date and store its candidates.",
            discussion: "Without --program the default program runs (HIGH ≥ 0.70, MEDIUM ≥ 0.40). The campaign id defaults to PROGRAM-ASOF."
        )
        @OptionGroup var options: ModelsCommand.StoreOptions

        @Option(name: .long, help: "A retention program YAML file (default: the built-in program).")
        var program: String?

        @Option(name: .long, help: "The snapshot date whose scores to use, YYYY-MM-DD (as scored).")
        var asOf: String

        @Option(name: .long, help: "The campaign id (default: PROGRAM-ASOF).")
        var campaignId: String?

        @Option(name: .long, help: "Write the action plan here: CSV, or JSON for a .json name.")
        var out: String?

        @Option(name: .long, help: "Delivery configuration YAML: enqueue the plan's actions for its destinations (default: HOME/delivery.yaml if present).")
        var delivery: String?

        func validate() throws {
            guard asOf.count == 10, CalendarDay(asOf) != nil else { throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'") }
        }

        func run() async throws {
            let programFile = try ProgramFile.load(program)
            let retentionProgram = programFile.program
            let deliveryConfiguration = try DeliveryFile.load(explicit: delivery, home: options.home)
            let result: CampaignRun.Result
            do {
                result = try await options.withStore { store in
                    try await programFile.audit(in: store, actor: options.actor)
                    var run = CampaignRun(store: store, program: retentionProgram, asOf: CalendarDay(asOf)!,
                                          campaignID: campaignId, actor: options.actor)
                    run.pageSize = 10_000
                    run.delivery = deliveryConfiguration
                    return try await run.run { progress in
                        StandardError.print("campaign: \(progress.stage) \(progress.count) (\(String(format: "%.1f", progress.seconds)) s)")
                    }
                }
            } catch let error as CampaignRunError {
                StandardError.print("error: \(error)")
                throw ExitCode.failure
            } catch let error as StoreError {
                StandardError.print("error: \(error)")
                throw ExitCode.failure
            }
            print(CampaignCommand.render(result))
            if deliveryConfiguration != nil {
                print("delivery: \(result.messages) message(s) enqueued; `churnguard deliver` sends them")
            }
            if let out {
                let rows = result.records
                let text = CampaignPlanExport.Format(path: out) == .json ? try CampaignPlanExport.json(rows) : CampaignPlanExport.csv(rows)
                try text.write(toFile: out, atomically: true, encoding: .utf8)
                print("plan: \(out) (\(rows.count) rows, holdout marked)")
            }
        }
    }

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the program's campaign on its cron schedule (UTC), for the latest scored date.",
            discussion: """
                Keeps running; each firing plans PROGRAM-ASOF for the newest snapshot date with scores, unless that campaign
                exists already (so restarts and a second scheduler are harmless). --once fires immediately and exits, for an
                external scheduler (cron, a Kubernetes CronJob).
                """
        )
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Option(name: .long, help: "A retention program YAML file (default: the built-in program, weekly on Monday 02:00).")
        var program: String?
        @Flag(name: .long, help: "Fire once now and exit.") var once = false

        func run() async throws {
            let programFile = try ProgramFile.load(program)
            let retentionProgram = programFile.program
            try await options.withStore { store in
                try await programFile.audit(in: store, actor: options.actor)
                let scheduler: CampaignScheduler
                do {
                    scheduler = try CampaignScheduler(store: store, program: retentionProgram)
                } catch {
                    throw ValidationError("\(error)")
                }
                if once {
                    print(Self.describe(try await scheduler.fire()))
                    return
                }
                print("scheduling program \(retentionProgram.programID) on \"\(scheduler.schedule)\" (UTC); next run \(scheduler.schedule.next(after: Date()).map(CampaignPlanExport.timestamp) ?? "never")")
                try await scheduler.run { result in
                    switch result {
                    case .success(let firing): print(Self.describe(firing))
                    case .failure(let error): StandardError.print("error: \(error)")
                    }
                }
            }
        }

        static func describe(_ firing: CampaignScheduler.Firing) -> String {
            switch firing {
            case .planned(let id, let candidates): "planned \(id): \(candidates) candidates"
            case .alreadyPlanned(let id): "\(id) is already planned; nothing to do"
            case .noScores: "no batch scores yet; run `churnguard score --as-of DATE` first"
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns, newest first.")
        @OptionGroup var options: ModelsCommand.StoreOptions

        func run() async throws {
            let campaigns = try await options.withStore { try await $0.campaigns.list() }
            if campaigns.isEmpty { print("No campaigns yet. Plan one with `churnguard campaign run --as-of DATE`.") }
            for c in campaigns {
                print("\(c.campaignID)  program \(c.programID)  as of \(c.asOf)  \(c.candidates) candidates, \(c.holdout) holdout  expires \(CampaignPlanExport.timestamp(c.expiresAt))")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a campaign: funnel, plan summary, top candidates and results so far.")
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "The campaign id.") var campaignID: String
        @Option(name: .long, help: "Candidates to list.") var limit = 10

        func run() async throws {
            let (campaign, top, joined) = try await options.withStore { store in
                guard let campaign = try await store.campaigns.campaign(id: campaignID) else { throw StoreError.campaignNotFound(campaignID) }
                return (campaign, try await store.campaigns.candidates(campaignID: campaignID, limit: limit),
                        try await store.outcomes.outcomes(campaignID: campaignID))
            }
            print("\(campaign.campaignID): program \(campaign.programID), as of \(campaign.asOf), by \(campaign.createdBy)")
            if let summary = try? CampaignSummary.decode(campaign.summaryJSON) { print(CampaignCommand.render(summary)) }
            print("top candidates:")
            for c in top {
                print("  \(c.customerID)  \(c.riskLevel)  p=\(String(format: "%.2f", c.churnProbability))  \(c.offerID) via \(c.channel)  \(c.route)  EV \(String(format: "%.2f", c.expectedValue))")
            }
            print(CampaignCommand.render(CampaignAnalytics.report(joined), outcomes: joined.count))
        }
    }

    struct Outcomes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record retention outcomes from a CSV file (outcome_id,campaign_id,customer_id,retained[,observed_at][,notes]).",
            discussion: """
                Idempotent by outcome_id: sending a file again records nothing new. Lines that fail are listed with their line \
                number; the others are recorded. notes is free text (up to 2,000 characters), sealed at rest when the store has \
                a data key.
                """
        )
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Option(name: .long, help: "The outcomes CSV file.") var file: String

        func run() async throws {
            let rows = try OutcomeCSV.read(path: file, recordedBy: options.actor)
            let result = try await options.withStore { store in try await OutcomeImport.record(rows, into: store) }
            let (recorded, replayed, failures) = (result.recorded, result.alreadyRecorded, result.failures)
            print("outcomes: \(recorded) recorded, \(replayed) already recorded, \(failures.count) refused")
            for failure in failures.prefix(20) { StandardError.print("  \(failure)") }
            if failures.count > 20 { StandardError.print("  … and \(failures.count - 20) more") }
            if !failures.isEmpty { throw ExitCode.failure }
        }
    }

    struct SimulateOutcomes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate-outcomes",
            abstract: "Play a campaign out against generated data's ground truth and write (or record) its outcomes.",
            discussion: """
                For data made by `churnguard generate`: a customer who churns in the raw data within the horizon after the
                campaign's date would have churned; a treated one stays with the true lift of the offer it got
                (offer_responses.csv); the holdout gets nothing. Prints the true lift, which the holdout should measure.
                """
        )
        @OptionGroup var options: ModelsCommand.StoreOptions
        @Argument(help: "The campaign id.") var campaignID: String
        @Option(name: .long, help: "The generated data directory (with offer_responses.csv and churn_events.csv).") var data: String
        @Option(name: .long, help: "Days after the campaign's date in which a churn counts.") var horizon = 90
        @Option(name: .long, help: "Seed of the simulated responses.") var seed: UInt64 = 1
        @Option(name: .long, help: "Write the outcomes CSV here (the input of `campaign outcomes`).") var out: String?
        @Flag(name: .long, help: "Record the outcomes in the store directly.") var record = false

        func validate() throws {
            guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1 day") }
            guard out != nil || record else { throw ValidationError("give --out FILE, --record, or both") }
        }

        func run() async throws {
            var simulator: CampaignOutcomeSimulator
            do {
                simulator = try CampaignOutcomeSimulator(dataDirectory: data)
            } catch let error as CampaignSimulationError {
                StandardError.print("error: \(error)")
                throw ExitCode.failure
            }
            simulator.horizonDays = horizon
            simulator.seed = seed
            let result = try await options.withStore { store in
                guard let campaign = try await store.campaigns.campaign(id: campaignID) else { throw StoreError.campaignNotFound(campaignID) }
                guard let day = CalendarDay(campaign.asOf) else {
                    throw ValidationError("campaign \(campaignID) has an unreadable as_of date '\(campaign.asOf)' in the store")
                }
                let candidates = try await store.campaigns.allCandidates(campaignID: campaignID).map {
                    CampaignOutcomeSimulator.Candidate(customerID: $0.customerID, offerType: $0.offerType, isHoldout: $0.isHoldout)
                }
                let result = simulator.outcomes(campaignID: campaignID, day: day, candidates: candidates)
                if record {
                    for outcome in result.outcomes {
                        try await store.outcomes.record(OutcomeRecord(
                            outcomeID: outcome.outcomeID, campaignID: campaignID, customerID: outcome.customerID,
                            retained: outcome.retained, observedAt: outcome.observedAt, recordedBy: options.actor))
                    }
                }
                return result
            }
            if let out {
                var lines = ["outcome_id,campaign_id,customer_id,retained,observed_at"]
                for o in result.outcomes {
                    lines.append("\(o.outcomeID),\(campaignID),\(o.customerID),\(o.retained),\(UTCTimestamp.string(o.observedAt))")
                }
                try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
            }
            print("simulated \(result.outcomes.count) outcomes: \(result.treated) treated (\(result.treatedWouldChurn) would have churned), \(result.holdout) holdout")
            print("true lift among treated: \(String(format: "%.4f", result.trueLift))")
            if result.unknown > 0 { print("no ground truth for \(result.unknown) customers; left without an outcome") }
            if let out { print("outcomes: \(out)") }
            if record { print("recorded in the store; see `churnguard campaign show \(campaignID)`") }
        }
    }

    static func render(_ result: CampaignRun.Result) -> String {
        var lines = ["campaign \(result.campaign.campaignID) (program \(result.campaign.programID), as of \(result.campaign.asOf)) planned in \(String(format: "%.1f", result.seconds)) s"]
        lines.append(render(result.summary))
        lines.append("candidates expire \(CampaignPlanExport.timestamp(result.campaign.expiresAt))")
        return lines.joined(separator: "\n")
    }

    static func render(_ summary: CampaignSummary) -> String {
        var lines = ["scored: \(summary.scored) (models \(summary.modelVersions.joined(separator: ", ")))"]
        if summary.withoutFeatures > 0 { lines.append("left out: \(summary.withoutFeatures) without online features for the date") }
        if summary.withoutRevenue > 0 { lines.append("left out: \(summary.withoutRevenue) without a revenue feature") }
        lines.append("funnel:")
        lines.append("  \("entered".padding(toLength: 18, withPad: " ", startingAt: 0)) \(summary.funnel.entered)")
        for stage in summary.funnel.stages {
            lines.append("  \(stage.name.padding(toLength: 18, withPad: " ", startingAt: 0)) -\(stage.removed)  → \(stage.remaining)")
        }
        func counts(_ map: [String: Int]) -> String { map.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        lines.append("by risk level: \(counts(summary.byRiskLevel))")
        lines.append("by offer: \(counts(summary.byOffer))")
        lines.append("by route: \(counts(summary.byRoute))")
        lines.append("monitored (no action): \(summary.monitored)")
        lines.append("expected net value \(String(format: "%.2f", summary.expectedNetValue)), offer cost \(String(format: "%.2f", summary.expectedCost))")
        return lines.joined(separator: "\n")
    }

    static func render(_ report: CampaignReport, outcomes: Int) -> String {
        guard outcomes > 0 else { return "results: no outcomes recorded yet" }
        var lines = ["results (\(outcomes) outcomes):"]
        lines.append("  treated retained \(report.treated.retained)/\(report.treated.customers) (\(String(format: "%.1f", report.treated.rate * 100))%), control \(report.control.retained)/\(report.control.customers) (\(String(format: "%.1f", report.control.rate * 100))%)")
        if let lift = report.lift {
            var line = "  lift over holdout \(String(format: "%+.1f", lift.lift * 100)) pts (95% CI \(String(format: "%+.1f", lift.lower * 100))…\(String(format: "%+.1f", lift.upper * 100)))"
            if lift.contains(0) { line += ": not significant" }
            lines.append(line)
        }
        lines.append("  revenue saved \(String(format: "%.2f", report.revenueSaved)), cost \(String(format: "%.2f", report.campaignCost)), ROI \(report.returnOnInvestment.map { String(format: "%.2f", $0) } ?? "-")"
                     + (report.lift?.contains(0) ?? true ? " (from a lift the holdout cannot yet tell from zero)" : ""))
        if report.control.customers < 30 {
            lines.append("  note: only \(report.control.customers) control customers have an outcome; lift needs a few dozen (raise holdoutShare or wait for more campaigns)")
        }
        return lines.joined(separator: "\n")
    }
}
