import Foundation

/// Wall-clock seconds per phase of a `train` run, printed as one `time:` line so a user (and the
/// benchmark) sees where the time went against `--budget`: the searches, the refits, calibration,
/// the baselines, the bundle.
struct PhaseClock {
    private var last = ProcessInfo.processInfo.systemUptime
    private let started = ProcessInfo.processInfo.systemUptime
    private(set) var phases: [(name: String, seconds: Double)] = []

    /// Ends the phase running since the previous lap (or since the clock was made).
    mutating func lap(_ name: String) {
        let now = ProcessInfo.processInfo.systemUptime
        phases.append((name, now - last))
        last = now
    }

    var total: Double { last - started }

    var summary: String {
        "time: " + phases.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", ")
            + String(format: "; %.1f s in all", total)
    }
}
