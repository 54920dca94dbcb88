import ArgumentParser
import ChurnServices
import Foundation

/// The schedule a command uses: `--schedule FILE`, else `HOME/schedule.yaml`. A file that does not
/// validate stops the command, every problem listed with its line.
enum ScheduleFile {
    static func load(explicit: String?, home: String?) throws -> JobSchedule {
        let resolvedHome = DataHome.resolve(home)
        guard let path = JobSchedule.path(explicit: explicit, home: resolvedHome) else {
            throw ValidationError("""
                no schedule: pass --schedule FILE or write \(resolvedHome)/schedule.yaml, e.g.
                jobs:
                  - name: nightly-scoring
                    cron: "0 2 * * *"
                    run: [score, --as-of, "{date}"]
                """)
        }
        do {
            return try JobSchedule.load(path: path)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// The scheduler's runner: this binary, with the data directory as an absolute path so a job
    /// finds the same store whatever its working directory.
    static func runner(home: String?) -> ChildProcessJobRunner {
        let resolved = DataHome.resolve(home)
        let absolute = resolved.hasPrefix("/") ? resolved : FileManager.default.currentDirectoryPath + "/" + resolved
        return ChildProcessJobRunner(home: (absolute as NSString).standardizingPath)
    }
}
