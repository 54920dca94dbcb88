import ArgumentParser
import ChurnTraining

enum ChurnGuardVersion {
    static let current = "0.1.0"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the ChurnGuard version and the libxgboost it is linked against."
    )

    func run() throws {
        print("churnguard \(ChurnGuardVersion.current) (libxgboost \(linkedXGBoostVersion()))")
    }
}
