import ArgumentParser
import Foundation

/// The `churnguard` command-line tool: every capability of ChurnGuard as a subcommand.
@main
struct ChurnGuardCommand: AsyncParsableCommand {
    /// Everything ChurnGuard writes (the database, spool, bundles, keys, exports, campaign files)
    /// holds customer data or secrets: it is created readable by its own user only (0600 files,
    /// 0700 directories), whatever the shell's umask.
    static func main() async {
        umask(0o077)
        await main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "churnguard",
        abstract: "Predict which customers will churn in the next 90 days, explain why, and act on it.",
        discussion: """
            A typical first run (or just `bash scripts/demo.sh`):
              churnguard generate --customers 20000 --months 12 --out demo/raw
              churnguard features --data demo/raw --as-of monthly --horizon 90d --out demo/features.csv
              churnguard train    --features demo/features.csv --out demo/model
              churnguard evaluate --bundle demo/model --features demo/features.csv
              churnguard predict  --bundle demo/model --input demo/features.csv --as-of latest --out demo/scores.csv

            Run `churnguard help <command>` for the options of each command.
            """,
        version: ChurnGuardVersion.current,
        subcommands: [
            VersionCommand.self,
            GenerateCommand.self,
            ImportCommand.self,
            FeaturesCommand.self,
            QualityCommand.self,
            TrainCommand.self,
            RetrainCommand.self,
            EvaluateCommand.self,
            PredictCommand.self,
            ImportModelCommand.self,
            ModelsCommand.self,
            ServeCommand.self,
            TokenCommand.self,
            UsersCommand.self,
            IngestCommand.self,
            ScoreCommand.self,
            MonitorCommand.self,
            CampaignCommand.self,
            DeliverCommand.self,
            DLQCommand.self,
            SyncCommand.self,
            SchedulerCommand.self,
            JobsCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            PrivacyCommand.self,
            RetentionCommand.self,
            KeysCommand.self,
            StoreBenchCommand.self,
        ]
    )
}
