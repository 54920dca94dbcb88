import ChurnModel
import Foundation

/// Chooses a model by validation ROC-AUC within a time budget, by successive halving.
///
/// Rung 0 scores the candidates in order on the cheap splits (one inner fold, or a sample of the
/// training snapshots) until half the budget is spent; each later rung keeps the best third
/// (at least two, the best of each family, and always the defaults) and scores them on more
/// splits while the budget lasts, until the last rung
/// scores the finalists on every split. The winner is the best finalist. The base candidates are
/// always scored on rung 0, and the defaults, the best logistic regression and the best of each
/// rung always to the end, so a short budget falls back to them, never to a model scored on less
/// evidence.
///
/// The search only sees the rows it is given: `train` runs one inside every outer fold, so the
/// cross-validated figures it reports measure the whole procedure, search included (nested).
public struct ModelSearch: Sendable {
    /// Rows to train on and rows to score on.
    public struct Split: Sendable {
        public var train: [Int]
        public var validation: [Int]

        public init(train: [Int], validation: [Int]) {
            self.train = train
            self.validation = validation
        }
    }

    public var candidates: [ModelCandidate]
    public var splits: [Split]
    /// Split indices per rung; each rung's set should contain the previous one's (scores are cached).
    public var rungs: [[Int]]
    public var budgetSeconds: Double
    /// The first this many candidates are scored on rung 0 whatever the budget (see ``SearchSpace``).
    public var baseCount: Int
    /// Text for the record: what the scores are.
    public var scoring: String

    public init(candidates: [ModelCandidate], splits: [Split], rungs: [[Int]], budgetSeconds: Double, baseCount: Int = 1, scoring: String) {
        self.candidates = candidates
        self.baseCount = max(1, baseCount)
        self.splits = splits
        self.rungs = rungs
        self.budgetSeconds = budgetSeconds
        self.scoring = scoring
    }

    public struct Outcome: Sendable {
        public var winner: ModelCandidate
        /// Mean early-stopping rounds of the winner on the last rung's splits (boosted trees).
        public var winnerRounds: Int?
        public var winnerScore: Double
        /// Winner's score minus the best other family's on the same splits, when one got as far.
        public var margin: Double?
        public var trials: [SelectionTrial]
        /// The winner's fitted model on each last-rung split, by split index.
        public var winnerModels: [Int: TrainedModel]
        public var seconds: Double
    }

    public func run(table: EncodedFeatureTable, log: (String) -> Void = { _ in }) throws -> Outcome {
        precondition(!candidates.isEmpty && !rungs.isEmpty, "a search needs candidates and rungs")
        let start = Date()
        func elapsed() -> Double { Date().timeIntervalSince(start) }
        var aucs = [[Int: Double]](repeating: [:], count: candidates.count)
        var rounds = [[Int: Int]](repeating: [:], count: candidates.count)
        var seconds = [Double](repeating: 0, count: candidates.count)
        var models: [Int: [Int: TrainedModel]] = [:]
        let lastRung = rungs[rungs.count - 1]

        func score(_ candidate: Int, on splitIndices: [Int]) throws {
            let began = Date()
            for split in splitIndices where aucs[candidate][split] == nil {
                let evaluation = try CandidateTrainer.evaluate(
                    candidates[candidate], table: table, train: splits[split].train, validation: splits[split].validation)
                aucs[candidate][split] = evaluation.auc
                rounds[candidate][split] = evaluation.rounds
                if lastRung.contains(split) { models[candidate, default: [:]][split] = evaluation.model }
            }
            seconds[candidate] += Date().timeIntervalSince(began)
        }
        func mean(_ candidate: Int, _ splitIndices: [Int]) -> Double {
            let values = splitIndices.compactMap { aucs[candidate][$0] }
            return values.count == splitIndices.count ? values.reduce(0, +) / Double(values.count) : -.infinity
        }

        // Rung 0: explore in order while the exploration share of the budget lasts.
        let exploration = budgetSeconds * (rungs.count > 1 ? 0.5 : 1)
        var alive: [Int] = []
        for index in candidates.indices {
            // The base candidates (defaults, the logistic regressions, the forest) always run, so
            // every family is compared however short the budget; the random trials fill what is left.
            if index >= baseCount, elapsed() >= exploration { break }
            try score(index, on: rungs[0])
            alive.append(index)
            log("  \(candidates[index].name): ROC-AUC \(Self.format(mean(index, rungs[0]))) (\(candidates[index].summary))")
        }
        // Later rungs: the best third goes on; the defaults and the rung's best always do.
        for rung in 1..<rungs.count {
            let previous = rungs[rung - 1]
            let ranked = alive.sorted { mean($0, previous) != mean($1, previous) ? mean($0, previous) > mean($1, previous) : $0 < $1 }
            var survivors = Array(ranked.prefix(max(2, (ranked.count + 2) / 3)))
            // The best of every family goes on too, so the winner's margin over the other families
            // is measured on the same splits (within the budget); and the defaults always do.
            for family in [ModelCandidate.Family.xgboost, .randomForest, .logisticRegression] {
                if let best = ranked.first(where: { candidates[$0].family == family }), !survivors.contains(best) { survivors.append(best) }
            }
            if !survivors.contains(0) { survivors.append(0) }
            var kept: [Int] = []
            let bestLogistic = ranked.first { candidates[$0].family == .logisticRegression }
            for (position, index) in survivors.enumerated() {
                // The rung's best, the defaults and the best logistic regression (cheap) always go on.
                let mustRun = position == 0 || index == 0 || index == bestLogistic
                if !mustRun, elapsed() >= budgetSeconds { continue }
                try score(index, on: rungs[rung])
                kept.append(index)
            }
            alive = kept
            log("  rung \(rung + 1): " + alive.map { "\(candidates[$0].name) \(Self.format(mean($0, rungs[rung])))" }.joined(separator: ", "))
        }
        let winner = alive.max { mean($0, lastRung) != mean($1, lastRung) ? mean($0, lastRung) < mean($1, lastRung) : $0 > $1 }!
        let winnerScore = mean(winner, lastRung)
        let others = alive.filter { candidates[$0].family != candidates[winner].family }.map { mean($0, lastRung) }
        let keptRounds = lastRung.compactMap { rounds[winner][$0] }
        let trials = candidates.indices.filter { !aucs[$0].isEmpty }.map { index in
            let splitOrder = aucs[index].keys.sorted()
            let trialRounds = splitOrder.compactMap { rounds[index][$0] }
            return SelectionTrial(
                name: candidates[index].name, family: candidates[index].family.rawValue,
                parameters: candidates[index].describedParameters, scores: splitOrder.map { aucs[index][$0]! },
                rounds: trialRounds.isEmpty ? nil : trialRounds.reduce(0, +) / trialRounds.count, seconds: seconds[index])
        }
        return Outcome(
            winner: candidates[winner],
            winnerRounds: keptRounds.isEmpty ? nil : Int((Double(keptRounds.reduce(0, +)) / Double(keptRounds.count)).rounded()),
            winnerScore: winnerScore, margin: others.max().map { winnerScore - $0 }, trials: trials,
            winnerModels: models[winner] ?? [:], seconds: elapsed())
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}

extension ModelSearch.Outcome {
    /// The record a bundle keeps.
    public func record(seed: UInt64, budgetSeconds: Double, scoring: String, outerFoldWinners: [String]? = nil) -> ModelSelectionRecord {
        ModelSelectionRecord(
            seed: seed, budgetSeconds: budgetSeconds, secondsSpent: seconds, scoring: scoring, winner: winner.name,
            family: winner.family.rawValue, parameters: winner.describedParameters, marginOverRunnerUp: margin,
            trials: trials, outerFoldWinners: outerFoldWinners)
    }
}
