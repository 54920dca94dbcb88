/// Why a monitoring run could not start, and what to do about it.
public enum MonitoringError: Error, Equatable, CustomStringConvertible {
    case noProductionModel
    case bundleUnreadable(version: String, path: String, reason: String)
    case noPredictions(asOf: String, modelVersion: String)
    case invalidDay(String)

    public var description: String {
        switch self {
        case .noProductionModel:
            "no production model is registered: register one and promote it (churnguard models promote V)"
        case .bundleUnreadable(let version, let path, let reason):
            "model \(version): cannot load its bundle at \(path): \(reason)"
        case .noPredictions(let asOf, let modelVersion):
            "the predictions log has no predictions of \(modelVersion) for \(asOf): score that day first (churnguard score --as-of \(asOf))"
        case .invalidDay(let text):
            "--as-of must be a date YYYY-MM-DD, got '\(text)'"
        }
    }
}
