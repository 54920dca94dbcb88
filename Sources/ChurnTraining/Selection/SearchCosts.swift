/// Predicts how long a candidate will take from what the search has already timed, so the search
/// launches only what can finish within its budget.
///
/// Work is counted in tree levels grown over the rows: rows × depth × trees, where a boosted
/// model grows about ten trees per unit of 1 / learning rate before early stopping (capped by its
/// round limit) and a forest grows its parallel trees once; a logistic regression counts its rows.
/// A configuration already timed is predicted from its own latest run. Otherwise each family's rate is the slowest seconds per unit of work of its last ``remembered`` runs, so an
/// estimate errs long rather than short, yet forgets a spike (the process's first fit, a burst of
/// load on a shared machine) instead of letting it shrink every later search of a `train` run,
/// which shares one ``SearchCosts`` across its nested searches. Boosted trees and forests count the same work, so one not yet timed borrows
/// the other's rate; a logistic regression not yet timed cannot be predicted (its first fit, on the
/// first rung, is a fraction of a tree model's).
struct SearchCosts {
    private var recentRates: [ModelCandidate.Family: [Double]] = [:]
    /// The latest rate of each configuration already timed, by name: its own runs predict it best
    /// (a family's slowest rate comes from its slowest configuration, e.g. 1,500 rounds at depth 2,
    /// and put the defaults at 67 s where they took 4).
    private var ownRates: [String: Double] = [:]
    static let remembered = 3

    private var secondsPerWork: [ModelCandidate.Family: Double] { recentRates.compactMapValues { $0.max() } }

    static func work(_ candidate: ModelCandidate, rows: Int) -> Double {
        let parameters = candidate.parameters
        let depth = Double(max(1, parameters.maxDepth))
        switch candidate.family {
        case .xgboost:
            let trees = min(Double(max(1, parameters.numBoostRound)), 10 / max(parameters.eta, 1e-3))
            return Double(rows) * depth * trees
        case .randomForest:
            let trees = Double(parameters.additional["num_parallel_tree"].flatMap(Int.init) ?? 1) * Double(max(1, parameters.numBoostRound))
            return Double(rows) * depth * trees
        case .logisticRegression:
            return Double(rows)
        }
    }

    mutating func record(_ candidate: ModelCandidate, rows: Int, seconds: Double) {
        let work = Self.work(candidate, rows: rows)
        guard work > 0, seconds.isFinite else { return }
        recentRates[candidate.family, default: []].append(seconds / work)
        ownRates[candidate.name] = seconds / work
        recentRates[candidate.family] = Array(recentRates[candidate.family]!.suffix(Self.remembered))
    }

    /// Whether a run of `family` itself has been timed (not borrowed from another family).
    func hasTimed(_ family: ModelCandidate.Family) -> Bool { recentRates[family] != nil }

    /// Predicted seconds to train `candidate` on `rows` rows (0 before anything was timed).
    func predict(_ candidate: ModelCandidate, rows: Int) -> Double {
        guard rows > 0 else { return 0 }
        if let own = ownRates[candidate.name] { return own * Self.work(candidate, rows: rows) }
        let rate: Double
        switch candidate.family {
        case .xgboost, .randomForest:
            rate = secondsPerWork[candidate.family] ?? [secondsPerWork[.xgboost], secondsPerWork[.randomForest]].compactMap { $0 }.max() ?? 0
        case .logisticRegression:
            rate = secondsPerWork[.logisticRegression] ?? 0
        }
        return rate * Self.work(candidate, rows: rows)
    }
}
