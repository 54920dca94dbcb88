import ArgumentParser
import ChurnTraining

/// How a model is searched, trained and cut into tiers: the options `train` and `retrain` share, so a
/// retrained challenger is trained exactly as `train` would train it.
struct TrainingOptionGroup: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "An XGBoost parameter as key=value; repeat for several.",
        discussion: "e.g. max_depth=4, eta=0.05, num_boost_round=300, early_stopping_rounds=20, scale_pos_weight=1, nthread=2."))
    var param: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Seconds the model search may spend; 0 trains the XGBoost parameters as given.",
        discussion: "Flat tables: all of train. Big snapshot tables: the search; the winner's final fit on all training rows may come after it, timed apart."))
    var budget = 60.0

    @Option(name: .long, help: ArgumentHelp(
        "HIGH tier cut-off: a probability, `auto` (the F1-optimal threshold) or `cost` (the cost-optimal one).",
        discussion: "Default 0.70. The bundle records where HIGH came from; MEDIUM moves below a lower HIGH."))
    var highThreshold = "0.70"

    @Option(name: .long, help: "Cost of one retention offer, for the cost-optimal threshold.")
    var offerCost = 10.0

    @Option(name: .long, help: "Value of saving one churner (their value times the offer's save rate), for the cost-optimal threshold.")
    var valueSaved = 100.0

    @Option(name: .long, help: "Bundle version (default: v + UTC time, e.g. v20261125-143000).")
    var version: String?

    @Option(name: .long, help: "Snapshot data: distinct dates held out for early stopping and calibration.")
    var validationSnapshots = 1

    @Option(name: .long, help: "Snapshot data: newest labelled dates held out for the test.")
    var testSnapshots = 1

    @Option(name: .long, help: "Flat data: number of stratified cross-validation folds.")
    var folds = 5

    @Option(name: .long, help: "Seed for folds and XGBoost sampling.")
    var seed: UInt64 = 42

    func validate() throws {
        guard validationSnapshots >= 1 else { throw ValidationError("--validation-snapshots must be at least 1") }
        guard testSnapshots >= 1 else { throw ValidationError("--test-snapshots must be at least 1") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard budget >= 0, budget.isFinite else { throw ValidationError("--budget must be a number of seconds >= 0 (0 turns the model search off)") }
        _ = try highThresholdChoice()
        guard offerCost >= 0, valueSaved > 0 else { throw ValidationError("--offer-cost must be >= 0 and --value-saved > 0") }
    }

    /// `--high-threshold`: the source and, for a fixed cut-off, its value.
    func highThresholdChoice() throws -> (HighThresholdSource, Double?) {
        switch highThreshold {
        case "auto", "f1": return (.f1, nil)
        case "cost": return (.cost, nil)
        default:
            guard let value = Double(highThreshold), value > 0, value <= 1 else {
                throw ValidationError("--high-threshold must be a probability in (0, 1], `auto` or `cost`, not '\(highThreshold)'")
            }
            return (.fixed, value)
        }
    }

    func modelTrainingOptions() throws -> ModelTrainingOptions {
        var options = ModelTrainingOptions()
        options.parameters = try TrainingParameters(overrides: param)
        options.validationSnapshots = validationSnapshots
        options.testSnapshots = testSnapshots
        options.folds = folds
        options.seed = seed
        options.version = version
        options.budgetSeconds = budget
        options.offerCost = offerCost
        options.valueSaved = valueSaved
        let (source, fixedHigh) = try highThresholdChoice()
        options.highThreshold = source
        if let fixedHigh {
            options.tierThresholds.high = fixedHigh
            if options.tierThresholds.medium >= fixedHigh { options.tierThresholds.medium = fixedHigh * 4 / 7 }
        }
        return options
    }
}
