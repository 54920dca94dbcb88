import ChurnModel

/// The F1- and cost-optimal thresholds on held-out calibrated scores, and the tier cut-offs that
/// follow from `--high-threshold`.
enum ThresholdSelection {
    static func choose(calibrated: [Double], labels: [Bool], options: ModelTrainingOptions) -> (ThresholdReport, TierThresholds) {
        let f1 = OptimalThreshold.f1(probabilities: calibrated, labels: labels)
        let cost = OptimalThreshold.cost(probabilities: calibrated, labels: labels, offerCost: options.offerCost, valueSaved: options.valueSaved)
        var tiers = options.tierThresholds
        switch options.highThreshold {
        case .fixed: break
        case .f1: tiers.high = f1.threshold
        case .cost: tiers.high = cost.threshold
        }
        // MEDIUM stays below HIGH, in the default tiers' proportion (0.40 / 0.70), when HIGH moves under it.
        if tiers.medium >= tiers.high { tiers.medium = tiers.high * 4 / 7 }
        if let critical = tiers.critical, critical < tiers.high { tiers.critical = tiers.high }
        let report = ThresholdReport(
            f1Optimal: f1.threshold, f1: f1.value, costOptimal: cost.threshold,
            offerCost: options.offerCost, valueSaved: options.valueSaved,
            highSource: options.highThreshold == .fixed ? "fixed" : (options.highThreshold == .f1 ? "f1" : "cost"))
        return (report, tiers)
    }
}
