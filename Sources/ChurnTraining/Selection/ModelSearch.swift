import ChurnModel
import Foundation

/// Chooses a model by validation ROC-AUC within a time budget, by successive halving.
///
/// Rung 0 scores the candidates in order on the cheap splits (one inner fold, or a sample of the
/// training snapshots); each later rung keeps the best third (at least two, the best of each
/// family, and the defaults) and scores them on more splits, until the last rung scores the
/// finalists on every split. The winner is the best finalist whose refits still fit the budget or
/// cost no more than the defaults' (so never one ranked below the defaults when they are a finalist).
///
/// The budget bounds the whole search, including what must follow it: before each launch the
/// search predicts the candidate's cost from what it has timed so far (``SearchCosts``) and skips
/// it unless it can finish with enough left for the leader on the last rung and for the refits
/// that come after the search (``refitRows``). Random trials must finish within half the budget
/// when there are later rungs. Only the first candidate (the defaults, the fallback every search
/// must have) ignores the budget, and the leader on the last rung when the caller ships that fit
/// (``lastRungShipsTheModel``, snapshot data); otherwise a rung nobody can afford is skipped and
/// the previous rung decides. The base candidates come first, so a short budget still compares
/// every family it can afford, and falls back to the defaults.
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
    /// The first this many candidates are tried on rung 0 before any random trial (see ``SearchSpace``).
    public var baseCount: Int
    /// Text for the record: what the scores are.
    public var scoring: String
    /// Training rows of the fits the caller makes with the winner after the search, within the
    /// same budget (flat data: the refit on all the search's rows); their predicted cost is reserved.
    public var refitRows = 0
    /// Rows of ``refitRows`` the caller need not train if a given candidate (by name) wins: flat
    /// data reuses the out-of-fold scores of outer folds whose own search chose the same candidate.
    public var reusableRefitRows: [String: Int] = [:]
    /// What earlier searches timed (the nested searches of one `train`): a search that starts with
    /// them predicts even its first launch, so only the very first run of a `train` is unpredicted.
    var priorCosts = SearchCosts()
    /// The caller ships the winner's last-rung model (snapshot data: trained on all training rows),
    /// so the leader is trained there whatever the budget.
    public var lastRungShipsTheModel = false
    /// Seconds on a monotonic clock. Tests inject one that advances only when they say.
    public var clock: @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    /// Trains a candidate on a split and scores it. Tests inject one that trains nothing.
    public var evaluate: @Sendable (ModelCandidate, EncodedFeatureTable, Split) throws -> CandidateTrainer.Evaluation = {
        try CandidateTrainer.evaluate($0, table: $1, train: $2.train, validation: $2.validation)
    }

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
        /// Mean early-stopping rounds of the winner on the deciding rung's splits (boosted trees).
        public var winnerRounds: Int?
        public var winnerScore: Double
        /// Winner's score minus the best other family's on the same splits, when one got as far.
        public var margin: Double?
        public var trials: [SelectionTrial]
        /// The winner's fitted model on each last-rung split, by split index (empty if the last rung was skipped).
        public var winnerModels: [Int: TrainedModel]
        public var seconds: Double
        /// Candidates never scored because they could not have finished in time.
        public var untried: Int
        /// Launches on later rungs skipped for the same reason.
        public var skippedPromotions: Int
        /// Predicted seconds of the refits of ``ModelSearch/refitRows`` for the winner.
        public var refitEstimate: Double
        /// The best finalist, when its refits could no longer finish within the budget and a
        /// cheaper finalist won instead.
        public var passedOver: PassedOver?
        public struct PassedOver: Sendable {
            public var name: String
            public var score: Double
            public var refitEstimate: Double
        }
        /// What this search and the ones before it timed, for the next search of the same `train`.
        var costs = SearchCosts()
    }

    public func run(table: EncodedFeatureTable, log: (String) -> Void = { _ in }) throws -> Outcome {
        precondition(!candidates.isEmpty && !rungs.isEmpty, "a search needs candidates and rungs")
        let start = clock()
        func elapsed() -> Double { clock() - start }
        var aucs = [[Int: Double]](repeating: [:], count: candidates.count)
        var rounds = [[Int: Int]](repeating: [:], count: candidates.count)
        var seconds = [Double](repeating: 0, count: candidates.count)
        var models: [Int: [Int: TrainedModel]] = [:]
        var costs = priorCosts
        let lastRung = rungs[rungs.count - 1]

        func score(_ candidate: Int, on splitIndices: [Int]) throws {
            for split in splitIndices where aucs[candidate][split] == nil {
                let began = clock()
                let evaluation = try evaluate(candidates[candidate], table, splits[split])
                let spent = clock() - began
                costs.record(candidates[candidate], rows: splits[split].train.count, seconds: spent)
                seconds[candidate] += spent
                aucs[candidate][split] = evaluation.auc
                rounds[candidate][split] = evaluation.rounds
                if lastRung.contains(split) { models[candidate, default: [:]][split] = evaluation.model }
            }
        }
        func mean(_ candidate: Int, _ splitIndices: [Int]) -> Double {
            let values = splitIndices.compactMap { aucs[candidate][$0] }
            return values.count == splitIndices.count ? values.reduce(0, +) / Double(values.count) : -.infinity
        }
        /// Predicted seconds to score `candidate` on the splits of `splitIndices` it has not been scored on.
        func predicted(_ candidate: Int, on splitIndices: [Int]) -> Double {
            splitIndices.filter { aucs[candidate][$0] == nil }
                .map { costs.predict(candidates[candidate], rows: splits[$0].train.count) }.reduce(0, +)
        }
        func refit(_ candidate: Int) -> Double {
            costs.predict(candidates[candidate], rows: max(0, refitRows - reusableRefitRows[candidates[candidate].name, default: 0]))
        }
        /// What must still run if `candidate` ends up leading after `rung`: the last rung, then the refits.
        /// A last rung the leader can no longer finish in time is skipped rather than run (unless it
        /// ships the model), so it is not reserved: holding time for a fit that will not happen left
        /// a search that one full fit outgrows (557,000 snapshot rows, a busy machine) with nothing
        /// but the defaults.
        func reserve(_ candidate: Int, after rung: Int) -> Double {
            let later = rung < rungs.count - 1 ? predicted(candidate, on: lastRung) : 0
            let affordable = lastRungShipsTheModel || elapsed() + later + refit(candidate) <= budgetSeconds
            return (affordable ? later : 0) + refit(candidate)
        }
        func fits(_ candidate: Int, on rung: Int, limit: Double, reserving reserved: Double) -> Bool {
            elapsed() + predicted(candidate, on: rungs[rung]) + reserved <= limit
        }

        // Rung 0: the base candidates while the budget allows, then random trials within the
        // exploration share. A candidate may become the leader, so the reserve is the larger of
        // the current leader's and its own.
        let exploration = budgetSeconds * (rungs.count > 1 ? 0.5 : 1)
        var alive: [Int] = []
        var leader: Int?
        for index in candidates.indices {
            if let current = leader {
                let reserved = max(reserve(current, after: 0), reserve(index, after: 0))
                // A launch that costs next to nothing, with all it would need as leader (a logistic
                // regression on a few thousand rows: milliseconds), is always made: skipping it
                // saves nothing, and on a busy machine the defaults' reserve alone can fill the
                // share, which left the search with the defaults where the regression was better.
                // Only a cost measured on this family counts as next to nothing, not one not yet known.
                let negligible = costs.hasTimed(candidates[index].family)
                    && predicted(index, on: rungs[0]) + reserve(index, after: 0) <= budgetSeconds * Self.negligibleShare
                let affordable = negligible || fits(index, on: 0, limit: budgetSeconds, reserving: reserved)
                    && (index < baseCount || fits(index, on: 0, limit: exploration, reserving: 0))
                // Skipped, not stopped: a cheaper configuration further down the list may still fit.
                if !affordable { continue }
            }
            try score(index, on: rungs[0])
            alive.append(index)
            if leader == nil || mean(index, rungs[0]) > mean(leader!, rungs[0]) { leader = index }
            log("  \(candidates[index].name): ROC-AUC \(Self.format(mean(index, rungs[0]))) (\(candidates[index].summary))")
        }
        // Later rungs: the rung's best always goes on; then the defaults, the best logistic
        // regression and the rest of the best third and of the families' bests, each if it fits.
        var skippedPromotions = 0
        var decidingRung = 0
        for rung in 1..<rungs.count {
            let previous = rungs[rung - 1]
            let ranked = alive.sorted { mean($0, previous) != mean($1, previous) ? mean($0, previous) > mean($1, previous) : $0 < $1 }
            var survivors = [ranked[0]]
            if alive.contains(0) { survivors.append(0) }
            if let bestLogistic = ranked.first(where: { candidates[$0].family == .logisticRegression }) { survivors.append(bestLogistic) }
            survivors += ranked.prefix(max(2, (ranked.count + 2) / 3))
            // The best of every family goes on too, so the winner's margin over the other families
            // is measured on the same splits.
            for family in [ModelCandidate.Family.xgboost, .randomForest, .logisticRegression] {
                if let best = ranked.first(where: { candidates[$0].family == family }) { survivors.append(best) }
            }
            var kept: [Int] = []
            let mustRun = rung == rungs.count - 1 && lastRungShipsTheModel
            for index in survivors where !kept.contains(index) {
                if !kept.isEmpty || !mustRun {
                    // After this rung: the later rungs for whoever leads, and the refits of the winner.
                    let reserved = max(kept.first.map { reserve($0, after: rung) } ?? 0, reserve(index, after: rung))
                    guard fits(index, on: rung, limit: budgetSeconds, reserving: reserved) else {
                        skippedPromotions += 1
                        // Without the rung's best, this rung would crown whoever is cheap: skip it.
                        if kept.isEmpty { break }
                        continue
                    }
                }
                try score(index, on: rungs[rung])
                kept.append(index)
            }
            guard !kept.isEmpty else {
                log("  rung \(rung + 1): skipped, no finalist could finish in time")
                break
            }
            alive = kept
            decidingRung = rung
            log("  rung \(rung + 1): " + alive.map { "\(candidates[$0].name) \(Self.format(mean($0, rungs[rung])))" }.joined(separator: ", "))
        }
        let deciding = rungs[decidingRung]
        let finalists = alive.sorted { mean($0, deciding) != mean($1, deciding) ? mean($0, deciding) > mean($1, deciding) : $0 < $1 }
        // The best finalist whose refits, predicted at the rates just measured, still fit or cost
        // no more than the defaults' (the fallback, which like their first launch ignores the
        // budget): a winner that ran slower than its launch was predicted (a busy machine) would
        // otherwise take the caller past the budget by its refits alone (a 2,000-row table: 26 s
        // of refits where 8.5 s were left). So the winner never ranks below the defaults when
        // they are a finalist, and never costs more than them once the budget is spent. Failing
        // all (the defaults not among the finalists), the finalist whose refits cost least.
        func affordable(_ candidate: Int) -> Bool {
            candidate == 0 || elapsed() + refit(candidate) <= budgetSeconds || refit(candidate) <= refit(0)
        }
        let winner = finalists.first(where: affordable) ?? finalists.min { refit($0) < refit($1) }!
        let passedOver = winner == finalists[0] ? nil
            : Outcome.PassedOver(name: candidates[finalists[0]].name, score: mean(finalists[0], deciding), refitEstimate: refit(finalists[0]))
        let winnerScore = mean(winner, deciding)
        let others = alive.filter { candidates[$0].family != candidates[winner].family }.map { mean($0, deciding) }
        let keptRounds = deciding.compactMap { rounds[winner][$0] }
        let tried = candidates.indices.filter { !aucs[$0].isEmpty }
        let trials = tried.map { index in
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
            winnerModels: models[winner] ?? [:], seconds: elapsed(), untried: candidates.count - tried.count,
            skippedPromotions: skippedPromotions, refitEstimate: refit(winner), passedOver: passedOver, costs: costs)
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }

    /// The share of the budget below which a launch (with its reserve) is always made.
    static let negligibleShare = 0.01
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
