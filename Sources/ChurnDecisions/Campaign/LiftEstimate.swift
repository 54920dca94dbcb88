import Foundation

/// Retention lift of a campaign measured against its holdout: the difference between the
/// retention rate of customers who got an offer and of the control group, with a confidence
/// interval.
///
/// The interval is Newcombe's hybrid score interval for a difference of two proportions
/// (built from the two Wilson intervals), which keeps its coverage with small groups and rates
/// near 0 or 1, where the textbook Wald interval does not.
public struct LiftEstimate: Sendable, Equatable, Codable {
    public var treatedCount: Int
    public var treatedRetained: Int
    public var controlCount: Int
    public var controlRetained: Int
    public var confidence: Double

    public var treatedRate: Double { Double(treatedRetained) / Double(treatedCount) }
    public var controlRate: Double { Double(controlRetained) / Double(controlCount) }
    /// Retention-rate difference, treated minus control (0.05 = five percentage points).
    public var lift: Double { treatedRate - controlRate }
    public var lower: Double
    public var upper: Double

    /// Customers retained because of the offers, estimated: lift × treated customers.
    public var incrementalRetained: Double { lift * Double(treatedCount) }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Counts of a campaign's outcomes; `nil` when either group is empty.
    public init?(treatedCount: Int, treatedRetained: Int, controlCount: Int, controlRetained: Int, confidence: Double = 0.95) {
        guard treatedCount > 0, controlCount > 0, (0...treatedCount).contains(treatedRetained),
              (0...controlCount).contains(controlRetained), confidence > 0, confidence < 1 else { return nil }
        self.treatedCount = treatedCount
        self.treatedRetained = treatedRetained
        self.controlCount = controlCount
        self.controlRetained = controlRetained
        self.confidence = confidence
        let z = Self.normalQuantile(0.5 + confidence / 2)
        let p1 = Double(treatedRetained) / Double(treatedCount)
        let p2 = Double(controlRetained) / Double(controlCount)
        let (l1, u1) = Self.wilson(p1, Double(treatedCount), z)
        let (l2, u2) = Self.wilson(p2, Double(controlCount), z)
        let difference = p1 - p2
        lower = difference - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
        upper = difference + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
    }

    /// The lift of one campaign from its outcomes (holdout outcomes carry no offer).
    public init?(outcomes: some Sequence<RetentionOutcome>, confidence: Double = 0.95) {
        var treated = 0, treatedRetained = 0, control = 0, controlRetained = 0
        for outcome in outcomes {
            if outcome.isHoldout {
                control += 1
                if outcome.retained { controlRetained += 1 }
            } else {
                treated += 1
                if outcome.retained { treatedRetained += 1 }
            }
        }
        self.init(treatedCount: treated, treatedRetained: treatedRetained, controlCount: control,
                  controlRetained: controlRetained, confidence: confidence)
    }

    static func wilson(_ p: Double, _ n: Double, _ z: Double) -> (Double, Double) {
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
