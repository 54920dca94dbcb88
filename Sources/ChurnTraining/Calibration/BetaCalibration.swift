import ChurnModel
import Foundation

/// Beta calibration (Kull, Silva Filho and Flach, 2017): `logit(p) = a·ln(raw) − b·ln(1 − raw) + c`
/// with `a, b ≥ 0`, fitted by Newton's method on held-out predictions.
///
/// Three parameters, so a calibration set of a few hundred rows fits it without noise, yet it bends
/// where Platt scaling (the special case `a = b`) cannot: a curve that climbs steeply and then
/// flattens, as a strongly regularized logistic regression's scores need. With `a, b ≥ 0` (and not
/// both 0) it increases strictly, so it keeps the ranking; the bounds are enforced exactly by
/// fitting each face of the constraint set (both free, one at 0) and keeping the best feasible fit.
struct BetaCalibration: Equatable {
    var a: Double
    var b: Double
    var c: Double

    static func fit(scores: [Double], labels: [Bool]) throws -> BetaCalibration {
        guard scores.count == labels.count else { throw CalibrationError.invalid("\(scores.count) scores but \(labels.count) labels") }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw CalibrationError.invalid("score \(bad) is not a finite number (\(scores[bad]))")
        }
        let positives = Double(labels.filter { $0 }.count), negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else {
            throw CalibrationError.invalid("calibration needs both churned and retained examples (\(Int(positives)) of \(labels.count) churned)")
        }
        // Platt's smoothed targets, so a small set cannot push the curve to 0 or 1.
        let high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2)
        let targets = labels.map { $0 ? high : low }
        let features = scores.map { [log(clip($0)), -log(1 - clip($0))] }
        var best: (fit: BetaCalibration, loss: Double)?
        for free in [[true, true], [true, false], [false, true]] {
            let fit = newton(features: features, targets: targets, free: free)
            guard fit.a >= 0, fit.b >= 0, fit.a + fit.b > 0 else { continue }
            let loss = meanLogLoss(fit, features: features, targets: targets)
            if best == nil || loss < best!.loss { best = (fit, loss) }
        }
        // A model that ranks backwards on every face: a nearly flat increasing curve at the base rate.
        return best?.fit ?? BetaCalibration(a: 1e-6, b: 0, c: log(positives / negatives))
    }

    func calibrate(_ score: Double) -> Double {
        guard !score.isNaN else { return score }
        return 1 / (1 + exp(-(a * log(Self.clip(score)) - b * log(1 - Self.clip(score)) + c)))
    }

    /// The curve in the ``IsotonicCalibrator`` format every scorer reads: knots evenly spaced in
    /// log-odds from −16 to 16 plus raw 0 and 1, as ``PlattScaling/piecewiseLinear(knots:)``.
    func piecewiseLinear(knots: Int = 400) throws -> IsotonicCalibrator {
        var thresholds: [Double] = [0]
        var values: [Double] = [calibrate(1 / (1 + exp(18))) / 2]
        for step in 0...knots {
            let raw = 1 / (1 + exp(-(-16 + 32 * Double(step) / Double(knots))))
            thresholds.append(raw)
            values.append(calibrate(raw))
        }
        thresholds.append(1)
        values.append((1 + values[values.count - 1]) / 2)
        // Far in the tails the exponentials saturate in double precision; keep the curve strictly increasing.
        for index in 1..<values.count where values[index] <= values[index - 1] {
            values[index] = values[index - 1].nextUp
        }
        return try IsotonicCalibrator(thresholds: thresholds, values: values)
    }

    /// Newton's method on the mean log loss over (a, b, c), with the coefficients not `free` held at 0.
    private static func newton(features: [[Double]], targets: [Double], free: [Bool]) -> BetaCalibration {
        var w = [free[0] ? 1.0 : 0, free[1] ? 1.0 : 0, 0]
        let active = [free[0], free[1], true]
        for _ in 0..<100 {
            var gradient = [0.0, 0.0, 0.0]
            var hessian = [[Double]](repeating: [0, 0, 0], count: 3)
            for (x, t) in zip(features, targets) {
                let row = [x[0], x[1], 1]
                let p = 1 / (1 + exp(-(w[0] * row[0] + w[1] * row[1] + w[2])))
                let r = p - t, v = p * (1 - p)
                for i in 0..<3 where active[i] {
                    gradient[i] += r * row[i]
                    for j in 0..<3 where active[j] { hessian[i][j] += v * row[i] * row[j] }
                }
            }
            for i in 0..<3 { hessian[i][i] += active[i] ? 1e-9 : 1 }
            guard let step = solve3(hessian, gradient) else { break }
            for i in 0..<3 where active[i] { w[i] -= step[i] }
            if step.map(abs).max()! < 1e-10 { break }
        }
        return BetaCalibration(a: w[0], b: w[1], c: w[2])
    }

    private static func meanLogLoss(_ fit: BetaCalibration, features: [[Double]], targets: [Double]) -> Double {
        var total = 0.0
        for (x, t) in zip(features, targets) {
            let z = fit.a * x[0] + fit.b * x[1] + fit.c
            // log(1 + e^z) − t·z, computed without overflow.
            total += max(z, 0) + log1p(exp(-abs(z))) - t * z
        }
        return total / Double(features.count)
    }

    /// Solves the 3×3 system by Cramer's rule (nil when singular).
    private static func solve3(_ m: [[Double]], _ v: [Double]) -> [Double]? {
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let d = det(m)
        guard d.isFinite, abs(d) > 1e-300 else { return nil }
        return (0..<3).map { column in
            var replaced = m
            for row in 0..<3 { replaced[row][column] = v[row] }
            return det(replaced) / d
        }
    }

    private static func clip(_ p: Double) -> Double { min(max(p, 1e-12), 1 - 1e-12) }
}
