import ArgumentParser
import ChurnServices
import ChurnStore
import Foundation

/// `churnguard retention`: purges personal data older than the retention policy allows.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Purge personal data older than the retention policy (HOME/retention.yaml) allows.",
        discussion: """
            The policy names how long each kind is kept; a kind it leaves out is kept forever:
              predictions_log_months: 24      # scores, with their features and reasons
              raw_activity_months: 24         # engagement, payments, tickets (>= 4)
              delivered_messages_days: 30     # delivered outbox messages
              dead_letters_days: 90           # dead letters
              campaign_candidates_months: 24  # offers made, with their outcomes
              outcomes_months: 36             # outcomes (offer learning forgets them)
              online_features_months: 6       # snapshots no ingest has refreshed
            Kept whatever their age: scores a campaign candidacy still rests on, messages not yet delivered, the customers \
            table and churn events (labels and outcomes come from them), and campaigns' funnels (counts, no ids). Rows go in chunks, each \
            its own short statement, so a server can keep writing; the purge is audited with its counts. Run it as a \
            scheduled job; --dry-run counts without deleting.
            """)

    @Flag(name: .long, help: "Count what would be purged; delete nothing.")
    var dryRun = false

    @Option(name: .long, help: "Retention policy file (default: HOME/retention.yaml).")
    var policy: String?

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
    var home: String?

    @Option(name: .long, help: "Who is acting, recorded in the audit log.")
    var actor = ProcessInfo.processInfo.environment["USER"] ?? "retention"

    func run() async throws {
        let policy: RetentionPolicy
        do {
            policy = try RetentionPolicy.load(explicit: self.policy, home: DataHome.resolve(home))
        } catch {
            throw ValidationError(error.description)
        }
        let cutoffs = policy.cutoffs()
        let started = Date()
        let counts = try await withStore(home: home) { store in
            try await store.retention.purge(cutoffs, dryRun: dryRun, actor: actor) { progress in
                StandardError.print("  \(progress.table): \(progress.rows) rows purged so far")
            }
        }
        print(dryRun ? "Would purge (dry run):" : "Purged in \(seconds(since: started)):")
        for count in counts {
            let months = count.droppedMonths.isEmpty ? "" : " (whole months: \(count.droppedMonths.joined(separator: ", ")))"
            print("  \(count.table.padding(toLength: 26, withPad: " ", startingAt: 0)) \(count.rows) rows\(months)")
        }
        if let day = cutoffs.predictionsBefore { print("predictions before \(day) (except those kept candidacies rest on)") }
        if let day = cutoffs.rawActivityBefore { print("raw activity before \(day)") }
        if let day = cutoffs.candidatesBefore { print("campaign candidacies (and their outcomes) of campaigns before \(day)") }
        if let moment = cutoffs.outcomesBefore { print("outcomes observed before \(ISO8601DateFormatter().string(from: moment))") }
        if let day = cutoffs.onlineFeaturesBefore { print("online feature snapshots dated before \(day)") }
    }
}
