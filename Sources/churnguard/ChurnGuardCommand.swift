import ArgumentParser

/// The `churnguard` command-line tool: every capability of ChurnGuard as a subcommand.
@main
struct ChurnGuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churnguard",
        abstract: "Predict which customers will churn in the next 90 days, explain why, and act on it.",
        discussion: """
            A typical first run:
              churnguard generate --customers 20000 --months 12 --out demo/raw
              churnguard features --data demo/raw --as-of 2025-06-01,2025-07-01 --out demo/features.csv

            Run `churnguard help <command>` for the options of each command.
            """,
        version: ChurnGuardVersion.current,
        subcommands: [
            VersionCommand.self,
            GenerateCommand.self,
            ImportCommand.self,
            FeaturesCommand.self,
            QualityCommand.self,
        ]
    )
}
