import ChurnModel

/// Chooses the calibrator by held-out log loss: isotonic regression interpolated between its
/// block centroids, or Platt scaling (better when the calibration set is small). Both are
/// strictly increasing over the scores they saw, so calibration keeps the model's ranking.
///
/// Each method is cross-fitted over `folds` (each fold calibrated by a fit on the others); the
/// method with the lower log loss on those held-out predictions is then fitted on all scores.
struct CalibrationChoice {
    var method: String
    var calibrator: IsotonicCalibrator
    /// The chosen method's held-out (cross-fitted) probabilities, in the order of the scores.
    var crossFitted: [Double]
    var heldOutLogLoss: [String: Double]

    static let methods = ["isotonic", "platt"]

    static func choose(scores: [Double], labels: [Bool], folds: [StratifiedKFold.Fold]) throws -> CalibrationChoice {
        var best: CalibrationChoice?
        var losses: [String: Double] = [:]
        for method in methods {
            var crossFitted = scores
            for fold in folds {
                let calibrator = try fit(method, scores: fold.train.map { scores[$0] }, labels: fold.train.map { labels[$0] })
                for index in fold.test { crossFitted[index] = calibrator.calibrate(scores[index]) }
            }
            let loss = ProbabilityMetrics.logLoss(probabilities: crossFitted, labels: labels)
            losses[method] = loss
            if best == nil || loss < losses[best!.method]! {
                best = CalibrationChoice(
                    method: method, calibrator: try fit(method, scores: scores, labels: labels), crossFitted: crossFitted, heldOutLogLoss: [:])
            }
        }
        best!.heldOutLogLoss = losses
        return best!
    }

    static func fit(_ method: String, scores: [Double], labels: [Bool]) throws -> IsotonicCalibrator {
        method == "platt"
            ? try PlattScaling.fit(scores: scores, labels: labels).piecewiseLinear()
            : try IsotonicCalibrator.fitInterpolated(scores: scores, labels: labels)
    }
}
