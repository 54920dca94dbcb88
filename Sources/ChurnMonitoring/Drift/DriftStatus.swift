/// The verdict of one check, and of a run: `alert` when something drifted, `warn` when only an
/// early signal moved (PSI in its warning band, more values missing), `ok` otherwise.
public enum DriftStatus: String, Sendable, Codable, Comparable, CaseIterable {
    case ok
    case warn
    case alert

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warn: 1
        case .alert: 2
        }
    }

    public static func < (lhs: DriftStatus, rhs: DriftStatus) -> Bool { lhs.rank < rhs.rank }
}
