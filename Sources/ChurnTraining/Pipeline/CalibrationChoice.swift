import ChurnModel
import Foundation

/// Chooses the calibrator by held-out log loss among those that keep the ranking: isotonic
/// regression (blocks of at least √n rows, interpolated between their centroids;
/// ``SmoothedIsotonic``), the mean of such maps over bootstrap resamples (``BaggedIsotonic``),
/// beta calibration (three parameters, bends; ``BetaCalibration``) or Platt scaling (two). All four
/// are strictly increasing, so the shipped map keeps the model's ranking exactly.
///
/// Each method is cross-fitted over `folds` (each fold calibrated by a fit on the others, see
/// ``crossFitFolds(labels:seed:)``), and its held-out probabilities are what `train` reports as
/// calibrated, so the calibration figures are never measured on the rows a calibrator saw. Those
/// held-out probabilities come from ten slightly different maps, and where the calibration curve is
/// nearly flat the maps' differences reorder customers across folds (each fold's map is pulled
/// against its own rows' labels), which lowers the pooled ROC-AUC although the shipped map reorders
/// nobody. So the choice is (issue 18: the ranking limit first, then calibration):
/// 1. only methods whose held-out pooled ROC-AUC is within ``rankingTolerance`` of the raw scores'
///    (all of them if none is);
/// 2. among those the lowest held-out log loss (earlier in ``methods`` on an exact tie). A method
///    inside the limit is not passed over for a better ranking: that traded calibration for
///    ranking the limit already guarantees (telecom: Platt over isotonic, ECE 0.0078 → 0.0145).
/// The winner is then fitted on all scores.
struct CalibrationChoice {
    var method: String
    var calibrator: IsotonicCalibrator
    /// The chosen method's held-out (cross-fitted) probabilities, in the order of the scores.
    var crossFitted: [Double]
    var heldOutLogLoss: [String: Double]
    /// Pooled ROC-AUC of each method's cross-fitted probabilities (the raw scores' is the ceiling).
    var heldOutAUC: [String: Double]

    static let methods = ["isotonic", "bagged-isotonic", "beta", "platt"]
    /// How much pooled ROC-AUC calibration may cost (issue 18: at most 0.002).
    static let rankingTolerance = 0.002

    /// Ten stratified folds (fewer when there are fewer churners or stayers): each held-out
    /// calibrator is fitted on 90 % of the scores, so the maps of different folds agree closely.
    static func crossFitFolds(labels: [Bool], seed: UInt64) throws -> [StratifiedKFold.Fold] {
        let positives = labels.filter { $0 }.count
        let minority = min(positives, labels.count - positives)
        return try StratifiedKFold(folds: min(10, max(2, minority)), seed: seed &+ 0xCA1B).split(labels: labels)
    }

    static func choose(scores: [Double], labels: [Bool], folds: [StratifiedKFold.Fold]) throws -> CalibrationChoice {
        var crossFitted: [String: [Double]] = [:]
        var rowLosses: [String: [Double]] = [:]
        for method in methods {
            var predictions = scores
            for fold in folds {
                let calibrator = try fit(method, scores: fold.train.map { scores[$0] }, labels: fold.train.map { labels[$0] })
                for index in fold.test { predictions[index] = calibrator.calibrate(scores[index]) }
            }
            crossFitted[method] = predictions
            rowLosses[method] = zip(predictions, labels).map { rowLogLoss($0, $1) }
        }
        let losses = rowLosses.mapValues { $0.reduce(0, +) / Double($0.count) }
        let aucs = crossFitted.mapValues { RankingMetrics.rocAUC(scores: $0, labels: labels) }
        let method = pick(losses: rowLosses, aucs: aucs, rawAUC: RankingMetrics.rocAUC(scores: scores, labels: labels))
        return CalibrationChoice(
            method: method, calibrator: try fit(method, scores: scores, labels: labels), crossFitted: crossFitted[method]!,
            heldOutLogLoss: losses, heldOutAUC: aucs)
    }

    /// Among the methods that keep the ranking (all if none does), the lowest mean log loss
    /// (earlier in ``methods`` on an exact tie).
    static func pick(losses rowLosses: [String: [Double]], aucs: [String: Double], rawAUC: Double) -> String {
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        let fitted = methods.filter { rowLosses[$0] != nil }
        let keeping = fitted.filter { (aucs[$0] ?? -1) >= rawAUC - rankingTolerance }
        let candidates = keeping.isEmpty ? fitted : keeping
        return candidates.min { mean(rowLosses[$0]!) < mean(rowLosses[$1]!) }!
    }

    static func fit(_ method: String, scores: [Double], labels: [Bool]) throws -> IsotonicCalibrator {
        switch method {
        case "platt": return try PlattScaling.fit(scores: scores, labels: labels).piecewiseLinear()
        case "beta": return try BetaCalibration.fit(scores: scores, labels: labels).piecewiseLinear()
        case "bagged-isotonic": return try BaggedIsotonic.fit(scores: scores, labels: labels)
        default: return try SmoothedIsotonic.fit(scores: scores, labels: labels)
        }
    }

    /// One row's log loss, probabilities clipped as ``ProbabilityMetrics`` does.
    private static func rowLogLoss(_ probability: Double, _ label: Bool) -> Double {
        let p = min(max(probability, 1e-15), 1 - 1e-15)
        return label ? -log(p) : -log(1 - p)
    }
}
