import ChurnModel
import Foundation
import Testing
@testable import ChurnTraining

/// The search's time budget, on a clock the test drives: candidates "train" by advancing it, so the
/// accounting is checked exactly and no timing on a shared machine can make the test flaky.
@Suite struct SearchBudgetTests {
    /// A clock that moves only when a fake training run says so.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 0.0
        var now: Double { lock.withLock { seconds } }
        func advance(_ delta: Double) { lock.withLock { seconds += delta } }
    }

    /// Seconds a fake run takes: proportional to the work the cost model counts, at a different
    /// speed per family, so the search must learn each family's rate.
    static func cost(_ candidate: ModelCandidate, rows: Int, logisticPerRow: Double = 4e-4) -> Double {
        let perWork: [ModelCandidate.Family: Double] = [.xgboost: 2e-6, .randomForest: 5e-6, .logisticRegression: logisticPerRow]
        return perWork[candidate.family]! * SearchCosts.work(candidate, rows: rows)
    }

    /// A score per candidate that does not depend on the budget: the defaults 0.80, a random trial
    /// by its number, the forest 0.79, logistic regressions 0.78.
    static func score(_ candidate: ModelCandidate) -> Double {
        switch candidate.family {
        case .logisticRegression: return 0.78
        case .randomForest: return 0.79
        case .xgboost: return candidate.name == "xgboost-default" ? 0.80 : 0.75 + Double(candidate.name.count % 7) / 100
        }
    }

    /// Rung 0 on one 1,000-row split, the last rung on three; `launches` records (candidate, split rows, start time).
    /// `slowdown` multiplies every run after the first (a machine that got busier), so predictions err short.
    static func search(
        budget: Double, clock: ManualClock, refitRows: Int, launches: Launches, slowdown: Double = 1, logisticPerRow: Double = 4e-4
    ) -> ModelSearch {
        let splits = (0..<3).map { fold in ModelSearch.Split(train: Array(fold * 1_000..<(fold + 1) * 1_000), validation: []) }
        var space = SearchSpace(base: TrainingParameters(), seed: 5)
        space.randomTrials = 40
        var search = ModelSearch(
            candidates: space.candidates(), splits: splits, rungs: [[0], [0, 1, 2]], budgetSeconds: budget,
            baseCount: SearchSpace.baseCount, scoring: "test")
        search.refitRows = refitRows
        search.clock = { clock.now }
        search.evaluate = { candidate, _, split in
            let factor = launches.all.isEmpty ? 1 : slowdown
            launches.append(candidate.name, at: clock.now)
            clock.advance(factor * cost(candidate, rows: split.train.count, logisticPerRow: logisticPerRow))
            let model = LogisticRegression(means: [], scales: [], weights: [], intercept: 0)
            return CandidateTrainer.Evaluation(auc: score(candidate), rounds: candidate.family == .xgboost ? 50 : nil, model: .linear(model, c: 1))
        }
        return search
    }

    final class Launches: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(name: String, at: Double)] = []
        func append(_ name: String, at time: Double) { lock.withLock { entries.append((name, time)) } }
        var all: [(name: String, at: Double)] { lock.withLock { entries } }
    }

    /// The fake runs never read it; `run` only needs one to hand over.
    static func table() throws -> EncodedFeatureTable {
        try EncodedFeatureTable.load(path: ModelSelectionTests.writeLinearTable(rows: 20, seed: 1))
    }

    @Test func theSearchAndTheRefitsItReservesFitTheBudget() throws {
        let clock = ManualClock()
        let launches = Launches()
        // The defaults cost 2 s per 1,000 rows, a refit on 6,000 rows 12 s; 60 s cannot hold all 46 candidates.
        let outcome = try Self.search(budget: 60, clock: clock, refitRows: 6_000, launches: launches).run(table: Self.table())
        let refit = Self.cost(outcome.winner, rows: 6_000)
        #expect(outcome.seconds == clock.now)
        #expect(outcome.seconds + refit <= 60)
        #expect(abs(outcome.refitEstimate - refit) < 1e-9)
        #expect(outcome.untried > 0)
        // Every family was compared, and the exploration share (half the budget) was used, not left idle.
        #expect(Set(outcome.trials.map(\.family)) == ["xgboost", "random_forest", "logistic_regression"])
        #expect(outcome.seconds > 30)
        #expect(outcome.winner.name == "xgboost-default")
        #expect(outcome.trials.first { $0.name == "xgboost-default" }?.scores.count == 3)
    }

    @Test func theRefitReserveIsWhatKeepsALargeRefitInsideTheBudget() throws {
        // A refit on 30,000 rows costs the defaults 36 s of the 60: the search must leave it room.
        let reserved = try Self.search(budget: 60, clock: ManualClock(), refitRows: 30_000, launches: Launches()).run(table: Self.table())
        #expect(reserved.seconds + Self.cost(reserved.winner, rows: 30_000) <= 60)
        // The same search told of no refit spends the budget on trials, and the refit would overrun it.
        let unreserved = try Self.search(budget: 60, clock: ManualClock(), refitRows: 0, launches: Launches()).run(table: Self.table())
        #expect(unreserved.seconds <= 60)
        #expect(unreserved.seconds + Self.cost(unreserved.winner, rows: 30_000) > 60)
    }

    @Test func noCandidateIsLaunchedThatCouldNotFinishInTime() throws {
        let clock = ManualClock()
        let launches = Launches()
        let budget = 25.0
        let outcome = try Self.search(budget: budget, clock: clock, refitRows: 3_000, launches: launches).run(table: Self.table())
        let candidates = SearchSpace(base: TrainingParameters(), seed: 5).candidates()
        // Apart from the first launch (nothing timed yet), each launch finished with the winner's
        // refit still inside the budget.
        for launch in launches.all.dropFirst() {
            let candidate = candidates.first { $0.name == launch.name }!
            #expect(launch.at + Self.cost(candidate, rows: 1_000) <= budget)
        }
        #expect(clock.now + Self.cost(outcome.winner, rows: 3_000) <= budget)
        #expect(outcome.untried + outcome.skippedPromotions > 0)
    }

    @Test func aBudgetTooSmallForAnythingScoresOnlyTheDefaultsAndShipsTheLastRungOnlyIfAsked() throws {
        // A refitted winner (flat data): the last rung is skipped and the first rung decides.
        let clock = ManualClock()
        let refitted = try Self.search(budget: 1, clock: clock, refitRows: 3_000, launches: Launches()).run(table: Self.table())
        #expect(refitted.winner.name == "xgboost-default")
        #expect(refitted.trials.map(\.name) == ["xgboost-default"])
        #expect(refitted.trials[0].scores.count == 1)
        #expect(refitted.winnerRounds == 50)
        #expect(abs(refitted.seconds - Self.cost(refitted.winner, rows: 1_000)) < 1e-9)
        // With room for cheap logistic regressions but not for the leading defaults' last rung, the
        // first rung still decides: a finalist set without the leader would crown a weaker model.
        // The defaults take 1.2 s, then the machine slows 3×: a logistic regression (0.3 s) still
        // fits, the defaults' two other folds and refit (2.4 + 7.2 s predicted) no longer do.
        let tight = try Self.search(budget: 11, clock: ManualClock(), refitRows: 6_000, launches: Launches(), slowdown: 3, logisticPerRow: 1e-4)
            .run(table: Self.table())
        #expect(tight.trials.contains { $0.family == "logistic_regression" })
        #expect(tight.winner.name == "xgboost-default")
        #expect(tight.trials.allSatisfy { $0.scores.count == 1 })
        // A winner shipped from the last rung (snapshot data): the leader trains there whatever the budget.
        var shipping = Self.search(budget: 1, clock: ManualClock(), refitRows: 0, launches: Launches())
        shipping.lastRungShipsTheModel = true
        let shipped = try shipping.run(table: Self.table())
        #expect(shipped.trials.map(\.name) == ["xgboost-default"])
        #expect(shipped.trials[0].scores.count == 3)
        #expect(shipped.winnerModels.count == 3)
        #expect(abs(shipped.seconds - 3 * Self.cost(shipped.winner, rows: 1_000)) < 1e-9)
    }

    @Test func aSearchThatInheritsWhatEarlierSearchesTimedPredictsEveryLaunchAfterTheDefaults() throws {
        // Logistic regressions cost 0.02 s per row here (20 s on a 1,000-row split): far more than the
        // 4 s left after the defaults. A first search learns that from its first one, which it
        // cannot predict and so launches, running past the budget.
        let first = try Self.search(budget: 6, clock: ManualClock(), refitRows: 0, launches: Launches(), logisticPerRow: 0.02)
            .run(table: Self.table())
        #expect(first.trials.contains { $0.family == "logistic_regression" })
        #expect(first.seconds > 6)
        // The next search of the same `train`, given those costs, launches nothing it cannot finish.
        let clock = ManualClock()
        let launches = Launches()
        var second = Self.search(budget: 6, clock: clock, refitRows: 0, launches: launches, logisticPerRow: 0.02)
        second.priorCosts = first.costs
        let outcome = try second.run(table: Self.table())
        #expect(!outcome.trials.contains { $0.family == "logistic_regression" })
        #expect(outcome.seconds <= 6)
        let candidates = SearchSpace(base: TrainingParameters(), seed: 5).candidates()
        for launch in launches.all.dropFirst() {
            let candidate = candidates.first { $0.name == launch.name }!
            #expect(launch.at + Self.cost(candidate, rows: 1_000, logisticPerRow: 0.02) <= 6)
        }
    }

    @Test func refitsTheCallerCanReuseAreNotReserved() throws {
        // 30,000 refit rows cost the defaults 36 s. Where the outer folds chose the defaults too,
        // their out-of-fold scores stand in for the refits: nothing is reserved for that winner.
        var reusing = Self.search(budget: 60, clock: ManualClock(), refitRows: 30_000, launches: Launches())
        reusing.reusableRefitRows = ["xgboost-default": 30_000]
        let reused = try reusing.run(table: Self.table())
        #expect(reused.winner.name == "xgboost-default")
        #expect(reused.refitEstimate == 0)
        let reserved = try Self.search(budget: 60, clock: ManualClock(), refitRows: 30_000, launches: Launches()).run(table: Self.table())
        #expect(abs(reserved.refitEstimate - Self.cost(reserved.winner, rows: 30_000)) < 1e-9)
        // Every candidate's refits reusable: the search spends the budget as one told of no refit.
        var allReusable = Self.search(budget: 60, clock: ManualClock(), refitRows: 30_000, launches: Launches())
        allReusable.reusableRefitRows = Dictionary(uniqueKeysWithValues: allReusable.candidates.map { ($0.name, 30_000) })
        let free = try allReusable.run(table: Self.table())
        let unreserved = try Self.search(budget: 60, clock: ManualClock(), refitRows: 0, launches: Launches()).run(table: Self.table())
        #expect(free.trials.map(\.name) == unreserved.trials.map(\.name))
        #expect(free.seconds == unreserved.seconds)
    }

    @Test func aBestFinalistThatRanSlowerThanPredictedShipsOnlyIfItsRefitsStillFit() throws {
        // B was predicted at the defaults' rate (1 s, and 5 s of refits on 5,000 rows) but took
        // 10 s, so its refits are now predicted at 50 s. Within 20 s the next best ships, the
        // logistic regression (its refits: 0.05 s), and the outcome says what was passed over;
        // with room for B's refits, B ships.
        func search(budget: Double) -> ModelSearch {
            let clock = ManualClock()
            let base = TrainingParameters()
            let candidates = [
                ModelCandidate(name: "xgboost-default", family: .xgboost, parameters: base),
                ModelCandidate(name: "logistic-C1.0", family: .logisticRegression, parameters: base, c: 1),
                ModelCandidate(name: "xgboost-2", family: .xgboost, parameters: base),
            ]
            let seconds = ["xgboost-default": 1.0, "logistic-C1.0": 0.01, "xgboost-2": 10.0]
            let scores = ["xgboost-default": 0.80, "logistic-C1.0": 0.81, "xgboost-2": 0.82]
            var search = ModelSearch(
                candidates: candidates, splits: [ModelSearch.Split(train: Array(0..<1_000), validation: [])], rungs: [[0]],
                budgetSeconds: budget, baseCount: 3, scoring: "test")
            search.refitRows = 5_000
            search.clock = { clock.now }
            search.evaluate = { candidate, _, _ in
                clock.advance(seconds[candidate.name]!)
                let model = LogisticRegression(means: [], scales: [], weights: [], intercept: 0)
                return CandidateTrainer.Evaluation(auc: scores[candidate.name]!, rounds: nil, model: .linear(model, c: 1))
            }
            return search
        }
        let tight = try search(budget: 20).run(table: Self.table())
        #expect(tight.trials.count == 3)
        #expect(tight.winner.name == "logistic-C1.0")
        #expect(tight.seconds + tight.refitEstimate <= 20)
        #expect(tight.passedOver?.name == "xgboost-2")
        #expect(abs((tight.passedOver?.refitEstimate ?? 0) - 50) < 1e-9)
        #expect(abs((tight.passedOver?.score ?? 0) - 0.82) < 1e-12)
        let roomy = try search(budget: 100).run(table: Self.table())
        #expect(roomy.winner.name == "xgboost-2")
        #expect(roomy.passedOver == nil)
    }

    @Test func onceTheBudgetIsSpentTheBestFinalistShipsIfItsRefitsCostNoMoreThanTheDefaults() throws {
        // The defaults alone (6 s) overrun a 5-s budget; a logistic regression already timed at
        // 1 ms per 1,000 rows costs next to nothing and scores better. Nothing fits any more, yet
        // its refits (5 ms) cost less than the defaults' (30 s): it ships, not the defaults.
        let clock = ManualClock()
        let base = TrainingParameters()
        let logistic = ModelCandidate(name: "logistic-C1.0", family: .logisticRegression, parameters: base, c: 1)
        var search = ModelSearch(
            candidates: [ModelCandidate(name: "xgboost-default", family: .xgboost, parameters: base), logistic],
            splits: [ModelSearch.Split(train: Array(0..<1_000), validation: [])], rungs: [[0]], budgetSeconds: 5, baseCount: 2, scoring: "test")
        search.refitRows = 5_000
        search.priorCosts.record(logistic, rows: 1_000, seconds: 0.001)
        search.clock = { clock.now }
        search.evaluate = { candidate, _, _ in
            clock.advance(candidate.family == .xgboost ? 6 : 0.001)
            let model = LogisticRegression(means: [], scales: [], weights: [], intercept: 0)
            return CandidateTrainer.Evaluation(auc: candidate.family == .xgboost ? 0.80 : 0.81, rounds: nil, model: .linear(model, c: 1))
        }
        let outcome = try search.run(table: Self.table())
        #expect(outcome.trials.count == 2)
        #expect(outcome.seconds > 5)
        #expect(outcome.winner.name == "logistic-C1.0")
        #expect(outcome.passedOver == nil)
    }

    @Test func aLastRungTheLeaderCanNeverAffordIsNotReservedAtTheCostOfTheFirst() throws {
        // The defaults take 1.2 s and their last rung 2.4 s more: past the 3-s budget, so that rung
        // will be skipped. The first rung still compares what fits (the logistic regressions, 0.4 s
        // each) instead of holding time for it, and the first rung decides.
        let clock = ManualClock()
        let outcome = try Self.search(budget: 3, clock: clock, refitRows: 0, launches: Launches()).run(table: Self.table())
        #expect(outcome.trials.contains { $0.family == "logistic_regression" })
        #expect(outcome.trials.allSatisfy { $0.scores.count == 1 })
        #expect(outcome.winner.name == "xgboost-default")
        #expect(outcome.seconds <= 3)
    }

    @Test func aLaunchThatCostsNextToNothingIsMadeWhenTheDefaultsFilledTheShare() throws {
        // The defaults (1.2 s) and the reserve for their refit on 6,000 rows (7.2 s) fill a 6-s
        // budget, yet a logistic regression at 2e-7 s per row costs 0.2 ms: all four are compared.
        // Timed before (an earlier search of the same train): an unknown cost is never taken for nothing.
        var priorCosts = SearchCosts()
        priorCosts.record(ModelCandidate(name: "logistic-C1.0", family: .logisticRegression, parameters: TrainingParameters(), c: 1), rows: 1_000, seconds: 2e-4)
        var search = Self.search(budget: 6, clock: ManualClock(), refitRows: 6_000, launches: Launches(), logisticPerRow: 2e-7)
        search.priorCosts = priorCosts
        let outcome = try search.run(table: Self.table())
        #expect(outcome.trials.filter { $0.family == "logistic_regression" }.count == 4)
        #expect(!outcome.trials.contains { $0.family == "random_forest" })
        #expect(outcome.winner.name == "xgboost-default")
    }

    @Test func theFirstRungOfABigSnapshotTableTrainsOnAtMostItsSampleCap() {
        let big = ModelTrainingPipeline.firstRungSample(Array(0..<877_000), seed: 42)
        #expect(abs(Double(big.count) - Double(ModelTrainingPipeline.firstRungRows)) < 2_000)
        #expect(Set(big).count == big.count)
        let small = ModelTrainingPipeline.firstRungSample(Array(0..<40_000), seed: 42)
        #expect(abs(Double(small.count) - 10_000) < 600)
        #expect(big == ModelTrainingPipeline.firstRungSample(Array(0..<877_000), seed: 42))
    }
}
