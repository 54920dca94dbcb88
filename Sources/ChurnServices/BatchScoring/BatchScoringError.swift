/// Why a batch scoring run could not start or go on, worded for the person running it.
public enum BatchScoringError: Error, Equatable, CustomStringConvertible {
    case noProductionModel
    case emptyOnlineStore
    case nothingForDate(asOf: String, stored: Int)
    case bundleUnreadable(version: String, path: String, reason: String)
    case invalidPageSize(Int)

    public var description: String {
        switch self {
        case .noProductionModel:
            "no production model is registered: train with --register and promote one: churnguard models promote V"
        case .emptyOnlineStore:
            "the online feature store is empty: run churnguard ingest first"
        case .nothingForDate(let asOf, let stored):
            "the online feature store holds \(stored) customers but none with a snapshot for \(asOf): run churnguard ingest --as-of \(asOf) first"
        case .bundleUnreadable(let version, let path, let reason):
            "model \(version): cannot load its bundle at \(path): \(reason)"
        case .invalidPageSize(let size):
            "page size must be at least 1, got \(size)"
        }
    }
}
