import Foundation

/// Platt scaling: `p = σ(a · logit(raw) + b)`, fitted by Newton's method on held-out predictions
/// with Platt's smoothed targets (so a small calibration set cannot push probabilities to 0 or 1).
///
/// Two parameters instead of isotonic regression's many steps: the better choice when the
/// calibration set is small. With `a > 0` the map is strictly increasing, so it never ties two
/// customers and never changes the ranking. Bundles store it through
/// ``piecewiseLinear(knots:)`` in the ``IsotonicCalibrator`` format every scorer already reads.
public struct PlattScaling: Sendable, Equatable {
    public let a: Double
    public let b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// Fits on raw probabilities and labels; both classes must occur.
    public static func fit(scores: [Double], labels: [Bool]) throws(CalibrationError) -> PlattScaling {
        guard scores.count == labels.count else { throw .invalid("\(scores.count) scores but \(labels.count) labels") }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("score \(bad) is not a finite number (\(scores[bad]))")
        }
        let positives = Double(labels.filter { $0 }.count), negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else {
            throw .invalid("calibration needs both churned and retained examples (\(Int(positives)) of \(labels.count) churned)")
        }
        let high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2)
        let x = scores.map(Self.logit)
        let t = labels.map { $0 ? high : low }
        var a = 1.0, b = 0.0
        for _ in 0..<100 {
            // Gradient and Hessian of the mean log loss in (a, b), with a tiny ridge for stability.
            var ga = 0.0, gb = 0.0, haa = 1e-9, hab = 0.0, hbb = 1e-9
            for index in x.indices {
                let p = 1 / (1 + exp(-(a * x[index] + b)))
                let r = p - t[index], w = p * (1 - p)
                ga += r * x[index]
                gb += r
                haa += w * x[index] * x[index]
                hab += w * x[index]
                hbb += w
            }
            let determinant = haa * hbb - hab * hab
            guard determinant > 0 else { break }
            let da = (hbb * ga - hab * gb) / determinant, db = (haa * gb - hab * ga) / determinant
            a -= da
            b -= db
            if abs(da) < 1e-10, abs(db) < 1e-10 { break }
        }
        return PlattScaling(a: a, b: b)
    }

    public func calibrate(_ score: Double) -> Double {
        guard !score.isNaN else { return score }
        return 1 / (1 + exp(-(a * Self.logit(score) + b)))
    }

    /// The curve as a piecewise-linear ``IsotonicCalibrator``: knots evenly spaced in log-odds from
    /// −16 to 16 plus raw 0 and 1, so it covers every probability and stays strictly increasing
    /// (a non-positive slope, a model that ranks backwards, is floored at a tiny positive one).
    public func piecewiseLinear(knots: Int = 400) throws(CalibrationError) -> IsotonicCalibrator {
        let slope = max(a, 1e-6)
        var thresholds: [Double] = [0]
        var values: [Double] = [0.5 / (1 + exp(-(slope * -18 + b)))]
        for step in 0...knots {
            let z = -16 + 32 * Double(step) / Double(knots)
            thresholds.append(1 / (1 + exp(-z)))
            values.append(1 / (1 + exp(-(slope * z + b))))
        }
        thresholds.append(1)
        values.append((1 + values[values.count - 1]) / 2)
        return try IsotonicCalibrator(thresholds: thresholds, values: values)
    }

    static func logit(_ p: Double) -> Double {
        let clipped = min(max(p, 1e-12), 1 - 1e-12)
        return log(clipped / (1 - clipped))
    }
}
